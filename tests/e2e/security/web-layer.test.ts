import http from "node:http";
import { issuePasswordLink } from "~/domain/invitations.server";
import { makeOnwardReferral, makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";
import { makeUser } from "./support";

/** Pages of every role, including downloads, print views and small JSON answers. */
const pagesByRole = {
  custody_officer: ["/custody?choose=1", "/custody/centres/cc-northfirth", "/custody/throughput", "/notifications"],
  referral_worker: ["/worker/queue", "/directory", "/session/status"],
  service_worker: ["/service/inbox", "/service/uploads", "/service/uploads/template"],
  commissioner: ["/commissioner", "/commissioner/report", "/commissioner/export/funnel"],
  administrator: [
    "/admin",
    "/admin/users",
    "/admin/audit",
    "/admin/audit/export",
    "/admin/services/export",
    "/admin/throughput/template",
    "/admin/settings",
  ],
} as const;

function expectSecurityHeaders(headers: Record<string, string>, url: string) {
  const csp = headers["content-security-policy"] ?? "";
  const scriptSources = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  expect(scriptSources, `${url}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSources, `${url}: script-src`).not.toContain("unsafe-inline");
  expect(scriptSources, `${url}: script-src`).not.toContain("unsafe-eval");
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"])
    expect(csp, url).toContain(directive);
  expect(headers["strict-transport-security"], url).toMatch(/max-age=\d{8,}/);
  expect(headers["x-content-type-options"], url).toBe("nosniff");
  expect(headers["referrer-policy"], url).toBe("same-origin");
  expect(headers["x-frame-options"], url).toBe("DENY");
  expect(headers["x-powered-by"], url).toBeUndefined();
}

test("every page, download and answer carries the security headers and is never cached", async ({ page, login }) => {
  for (const [role, urls] of Object.entries(pagesByRole)) {
    await login(role as keyof typeof pagesByRole);
    for (const url of urls) {
      const response = await page.request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(200);
      const headers = response.headers();
      expectSecurityHeaders(headers, url);
      expect(headers["cache-control"], url).toMatch(/^no-store(, no-store)*$/);
    }
  }
  // Pages for nobody signed in too: the sign-in page and the redirect to it.
  await page.context().clearCookies();
  for (const url of ["/sign-in", "/worker/queue"]) {
    const response = await page.request.get(url, { maxRedirects: 0 });
    expectSecurityHeaders(response.headers(), url);
    expect(response.headers()["cache-control"], url).toBe("no-store");
  }
});

test("records' pages, print views included, are never cached", async ({ page, db, login }) => {
  const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "accepted" });
  await login("referral_worker");
  for (const url of [
    `/worker/referrals/${referralId}`,
    `/worker/referrals/${referralId}/card`,
    `/worker/referrals/${referralId}/onward`,
  ]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()["cache-control"], url).toBe("no-store");
  }
  await login("service_worker");
  const response = await page.request.get(`/service/referrals/${onwardId}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
});

test("inline scripts carry the response's nonce, there are no inline event handlers, and the CSP blocks nothing the app needs", async ({
  page,
  login,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  await login("referral_worker");
  const response = await page.goto("/worker/queue");
  const nonce = /'nonce-([^']+)'/.exec(response!.headers()["content-security-policy"])![1];
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const attributes of scripts) {
    if (/\bsrc=/.test(attributes) && !/type="module"/.test(attributes)) continue;
    expect(attributes).toContain(`nonce="${nonce}"`);
  }
  expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  // Hydrated and working: client-side navigation happens without a CSP complaint.
  await page.getByRole("link", { name: "Service directory" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /directory/i })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a state-changing request from another site is refused", async ({ page, login }) => {
  await login("referral_worker");
  const foreign = await page.request.post("/sign-out", {
    headers: { Origin: "https://attacker.example" },
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toBe("This request came from another site and was refused.");
  // Still signed in.
  expect((await page.request.get("/worker/queue", { maxRedirects: 0 })).status()).toBe(200);
});

test("errors say what happened in plain words and show nothing of the inside", async ({ page, login }) => {
  await login("referral_worker");
  const missing = await page.goto("/worker/referrals/no-such-referral");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  const broken = await page.request.get("/worker/referrals/%E0%A4%A");
  expect(broken.status()).toBeGreaterThanOrEqual(400);
  const body = await broken.text();
  expect(body).not.toMatch(/ at [\w.<>]+ \(|node_modules|SqliteError|URIError|stack/i);
});

test("huge requests are refused before they are read, with a clear message", async ({ baseURL }) => {
  const url = new URL("/service/uploads", baseURL);
  const send = (headers: Record<string, string | number>, body?: Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(url, { method: "POST", headers: { Origin: url.origin, ...headers } }, (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on("error", reject);
      if (body) request.write(body);
      request.end();
    });
  const huge = await send({ "Content-Type": "multipart/form-data; boundary=x", "Content-Length": 9 * 1024 * 1024 });
  expect(huge.status).toBe(413);
  expect(huge.text).toContain("larger than Pathway accepts (8 MB)");
  const unmeasured = await send({ "Content-Type": "text/plain", "Transfer-Encoding": "chunked" }, Buffer.from("hello"));
  expect(unmeasured.status).toBe(411);
});

test("nothing about people is kept in the browser: no storage, one HttpOnly session cookie", async ({
  page,
  context,
  db,
  login,
}) => {
  const { referralId, offer } = makeReferral(db, { centreId: "cc-northfirth" });
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(offer.familyName!);
  await page.goto(`/worker/referrals/${referralId}/card`);
  const storage = await page.evaluate(() => ({
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.fromEntries(Object.entries(sessionStorage)),
  }));
  // Only Remix's scroll positions (page keys and numbers) are kept for the tab.
  expect(storage.local).toEqual({});
  expect(Object.keys(storage.session).every((key) => key === "positions")).toBe(true);
  const kept = JSON.stringify(storage);
  for (const personal of [offer.givenName, offer.familyName, offer.dateOfBirth, offer.custodyReference])
    expect(kept).not.toContain(personal!);
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toEqual(["__Host-pathway_session"]);
  expect(cookies[0]).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
  expect(page.url()).toMatch(/\/worker\/referrals\/[\w-]+\/card$/);
});

test("bodies that are not forms get 415 or 400 with a plain sentence from every kind of action, never 500", async ({
  page,
  db,
  login,
  baseURL,
}) => {
  await login("referral_worker");
  const { referralId } = makeReferral(db);
  const origin = new URL(baseURL!).origin;
  const actions = ["/sign-in", `/worker/referrals/${referralId}`, "/service/uploads", "/notifications"];
  const bodies: { what: string; contentType: string; data: string; status: number }[] = [
    { what: "JSON", contentType: "application/json", data: JSON.stringify({ intent: "claim" }), status: 415 },
    { what: "plain text", contentType: "text/plain", data: "intent=claim", status: 415 },
    { what: "multipart without a boundary", contentType: "multipart/form-data", data: "intent=claim", status: 400 },
    {
      what: "malformed multipart",
      contentType: "multipart/form-data; boundary=x",
      data: "--x\r\nContent-Disposition: form-data\r\n\r\nno end",
      status: 400,
    },
  ];
  for (const url of actions) {
    for (const body of bodies) {
      const response = await page.request.post(url, {
        headers: { Origin: origin, "Content-Type": body.contentType },
        data: body.data,
        maxRedirects: 0,
      });
      expect(response.status(), `${body.what} to ${url}`).toBe(body.status);
      expect(response.headers()["content-type"], `${body.what} to ${url}`).toMatch(/^text\/plain/);
      expect(await response.text()).toMatch(/^(Pathway's pages accept forms only|The form could not be read)/);
    }
  }
  // A real form still gets through, multipart included.
  const form = await page.request.post(`/worker/referrals/${referralId}`, {
    headers: { Origin: origin },
    multipart: { intent: "claim" },
    maxRedirects: 0,
  });
  expect(form.status()).toBe(302);
});

test("setting a password from a link answers with the sign-in page (200), not a 404 for the spent link", async ({
  page,
  db,
}) => {
  const user = await makeUser(db, "referral_worker");
  const { token } = issuePasswordLink(
    db,
    { userId: "user-admin", organisationId: "org-operator", ipAddress: null },
    user.id,
    "reset",
  );
  await page.goto(`/set-password/${token}`);
  await page.getByLabel("Password", { exact: true }).fill("another long passphrase");
  await page.getByLabel("Password again").fill("another long passphrase");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=password-set$/);
  await expect(page.getByRole("status")).toContainText("Your password is set");
  // Without JavaScript, the post itself leads to the sign-in page.
  const again = issuePasswordLink(
    db,
    { userId: "user-admin", organisationId: "org-operator", ipAddress: null },
    user.id,
    "reset",
  );
  const posted = await page.request.post(`/set-password/${again.token}`, {
    form: { password: "yet another long passphrase", confirmPassword: "yet another long passphrase" },
    maxRedirects: 0,
  });
  expect(posted.status()).toBe(302);
  expect(posted.headers()["location"]).toBe("/sign-in?reason=password-set");
  expect((await page.request.get(posted.headers()["location"])).status()).toBe(200);
});

test("large answers are compressed; a small JSON answer goes whole with its length; every nonce is new", async ({
  page,
  login,
}) => {
  await login("referral_worker");
  const headers = { "accept-encoding": "gzip, deflate, br" };
  const status = await page.request.get("/session/status", { headers });
  expect(status.headers()["content-encoding"]).toBeUndefined();
  expect(Number(status.headers()["content-length"])).toBe((await status.body()).byteLength);
  expect((await status.json()).isSignedIn).toBe(true);
  const queue = await page.request.get("/worker/queue", { headers });
  expect(queue.headers()["content-encoding"]).toMatch(/^(gzip|br|deflate)$/);
  const nonces = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const csp = (await page.request.get("/session/status")).headers()["content-security-policy"];
    nonces.add(/'nonce-([^']+)'/.exec(csp)![1]);
  }
  expect(nonces.size).toBe(40);
});
