import { eq } from "drizzle-orm";
import { sessions } from "#db/schema";
import { totpCode } from "~/domain/two-factor";
import { expect, test, unusedTotpCode } from "../fixtures";
import { makeUser, submitPassword, userRow } from "./support";

test("an administrator without an authenticator app sets one up at first sign-in and sees recovery codes once", async ({
  page,
  db,
  checkA11y,
}) => {
  const admin = await makeUser(db, "administrator");
  await submitPassword(page, admin.email);

  await expect(page).toHaveURL(/\/sign-in\/set-up-two-factor$/);
  await expect(page.getByRole("heading", { name: "Set up two-factor sign-in" })).toBeVisible();
  await checkA11y();
  const key = ((await page.getByLabel("Setup key").textContent()) ?? "").replace(/\s/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole("link", { name: "this link adds it to your authenticator app" })).toHaveAttribute(
    "href",
    new RegExp(`^otpauth://totp/Pathway%3A.*\\?secret=${key}&issuer=Pathway`),
  );
  // Nothing opens before the app is set up.
  expect((await page.request.get("/admin", { maxRedirects: 0 })).status()).toBe(302);

  await page.getByLabel("Code from your app").fill("123");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the six-digit code");

  await page.getByLabel("Code from your app").fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is set up" })).toBeVisible();
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  await checkA11y();
  expect(userRow(db, admin.id).totpEnabledAt).not.toBeNull();
  expect(JSON.stringify(userRow(db, admin.id))).not.toContain(codes[0]);

  await page.getByRole("link", { name: "I have saved my recovery codes: continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  // Shown once: the set-up page is gone.
  await page.goto("/sign-in/set-up-two-factor");
  await expect(page).not.toHaveURL(/set-up-two-factor/);
});

test("a right password is not a session: the code page opens nothing else, a wrong code is refused, a recovery code works once", async ({
  page,
  db,
  browser,
  baseURL,
  checkA11y,
}) => {
  const recoveryCodes = ["abcde-fghjk", "mnpqr-stuvw"];
  const admin = await makeUser(db, "administrator", { isEnrolled: true, recoveryCodes });
  await submitPassword(page, admin.email);
  await expect(page.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();
  await checkA11y();
  expect(db.select().from(sessions).where(eq(sessions.userId, admin.id)).all()).toHaveLength(0);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin/);

  await submitPassword(page, admin.email);
  const wrong = totpCode(admin.totpSecret!, Date.now() + 10 * 60_000);
  await page.getByLabel("Code").fill(wrong);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("That code is not right, or it has been used already");
  await expect(page.getByLabel("Code")).toHaveValue("");

  await page.getByLabel("Code").fill("ABCDE FGHJK");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  expect(userRow(db, admin.id).recoveryCodeHashes).toHaveLength(1);

  // The same recovery code again, elsewhere: refused.
  const other = await (await browser.newContext({ baseURL })).newPage();
  await submitPassword(other, admin.email);
  await other.getByLabel("Code").fill("abcde-fghjk");
  await other.getByRole("button", { name: "Continue" }).click();
  await expect(other.getByRole("alert")).toContainText("That code is not right");
  await other.getByLabel("Code").fill(await unusedTotpCode(db, admin.email, admin.totpSecret!));
  await other.getByRole("button", { name: "Continue" }).click();
  await expect(other.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
});

test("the code page without a right password first goes back to the sign-in page", async ({ page }) => {
  await page.goto("/sign-in/two-factor");
  await expect(page).toHaveURL(/\/sign-in\?reason=start-again/);
  await expect(page.getByRole("status")).toContainText("Enter your email address and password again");
  const response = await page.request.post("/sign-in/two-factor", { form: { code: "123456" }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
  expect(response.headers()["location"]).toBe("/sign-in?reason=start-again");
});

test("anyone can turn two-factor sign-in on from their account, make new recovery codes, and turn it off", async ({
  page,
  db,
  browser,
  baseURL,
  login,
  checkA11y,
}) => {
  const worker = await makeUser(db, "referral_worker");
  await login({ email: worker.email });
  await page.goto("/worker/queue");
  await page.getByRole("link", { name: "Sign-in security" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor sign-in" })).toBeVisible();
  await checkA11y();
  const key = ((await page.getByLabel("Setup key").textContent()) ?? "").replace(/\s/g, "");
  await page.getByLabel("Code from your app").fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);

  // The next sign-in asks for a code.
  const elsewhere = await (await browser.newContext({ baseURL })).newPage();
  await submitPassword(elsewhere, worker.email);
  await expect(elsewhere.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();

  await page.goto("/account/two-factor");
  await expect(page.getByText("You have 10 unused recovery codes")).toBeVisible();
  await page
    .getByLabel("Code from your app, to make new recovery codes")
    .fill("000000" === totpCode(key) ? "111111" : "000000");
  await page.getByRole("button", { name: "Make new recovery codes" }).click();
  await expect(page.getByRole("alert")).toContainText("That code is not right");
  await page
    .getByLabel("Code from your app, to make new recovery codes")
    .fill(await unusedTotpCode(db, worker.email, key));
  await page.getByRole("button", { name: "Make new recovery codes" }).click();
  await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
  const [recoveryCode] = await page
    .getByRole("list", { name: "Recovery codes" })
    .getByRole("listitem")
    .allTextContents();

  // A recovery code serves as well as a code from the app.
  await page.goto("/account/two-factor");
  await page.getByLabel("Code from your app, to turn two-factor sign-in off").fill(recoveryCode);
  await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(page.getByRole("status")).toContainText("Two-factor sign-in is off");
  expect(userRow(db, worker.id).totpEnabledAt).toBeNull();
});

test("an administrator cannot turn off the two-factor sign-in they must use", async ({ page, db, login }) => {
  const admin = await makeUser(db, "administrator", { isEnrolled: true });
  await login({ email: admin.email });
  await page.goto("/account/two-factor");
  await expect(page.getByRole("heading", { name: "Two-factor sign-in is on" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn off two-factor sign-in" })).toHaveCount(0);
});
