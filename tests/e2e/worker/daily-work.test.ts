// Issue 16, items 2, 5 and 9: the worker's daily loop, told as the people doing it would.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { arrestReferrals, users } from "#db/schema";
import { recordRelease } from "~/domain/custody.server";
import { claimReferral, closeReferral } from "~/domain/referrals.server";
import { makeOnwardReferral, makeReferral, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";

const jamie = { userId: "user-worker", organisationId: "org-firth-recovery", ipAddress: "127.0.0.1" };

function officerAudit(db: Db) {
  const officer = db.select().from(users).where(eq(users.email, "custody@pathway.example")).get()!;
  return { userId: officer.id, organisationId: officer.organisationId, ipAddress: "127.0.0.1" };
}

function backdate(db: Db, referralId: string, minutesAgo: number) {
  db.update(arrestReferrals)
    .set({ createdAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() })
    .where(eq(arrestReferrals.id, referralId))
    .run();
}

test("Jamie, following up Euan after release, sees the number Euan agreed to be phoned on and the consent it rests on", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // Custody ticks "They agree to be phoned" with 07700 900456 and records release.
  const { referralId } = makeReferral(db, {
    centreId: "cc-northfirth",
    givenName: "Euan",
    contactAfterRelease: true,
    phone: "07700900456",
  });
  recordRelease(db, officerAudit(db), referralId, new Date().toISOString());

  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}`);
  const reach = page.getByRole("region", { name: "Phoning them after release" });
  await expect(reach.getByRole("link", { name: "07700 900456" })).toHaveAttribute("href", "tel:+447700900456");
  await expect(reach).toContainText("To be contacted after release");
  await expect(reach).toContainText(/Recorded .+ by /);
  await checkA11y();
});

test("without consent to be phoned, the worker is told there is no number to call", async ({ page, db, login }) => {
  const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
  recordRelease(db, officerAudit(db), referralId, new Date().toISOString());
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}`);
  const reach = page.getByRole("region", { name: "Phoning them after release" });
  await expect(reach).toContainText("They have not agreed to be contacted after release");
  await expect(reach.getByRole("link")).toHaveCount(0);
});

test("Jamie closes Euan's case and finds it again under “Closed” and by searching, without his details in the address bar", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // Five searches and two axe checks: a long story, not a slow page.
  test.setTimeout(90_000);
  const familyName = uniqueName("Closed");
  const { referralId, offer } = makeReferral(db, {
    centreId: "cc-northfirth",
    givenName: "Euan",
    familyName,
    dateOfBirth: "1979-12-01",
  });
  claimReferral(db, jamie, referralId);
  closeReferral(db, jamie, referralId, "no_needs_identified");
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));

  await login("referral_worker");
  await page.goto("/worker/queue");
  await page.getByRole("radio", { name: "Closed" }).check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("link", { name: `Euan ${familyName}` })).toBeVisible();
  await page.screenshot({ path: "test-results/queue-closed-desk.png" });

  await page.getByRole("navigation").getByRole("link", { name: "Search" }).click();
  await checkA11y();
  for (const [label, value] of [
    ["Name", `euan ${familyName.toLowerCase()}`],
    ["Custody reference", offer.custodyReference],
    ["Pathway reference", referralId],
  ] as const) {
    await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("link", { name: `Euan ${familyName}` })).toHaveAttribute(
      "href",
      `/worker/referrals/${referralId}`,
    );
    await page.getByLabel(label, { exact: true }).fill("");
  }
  // Date of birth with the name: many people share a birthday.
  await page.getByLabel("Name", { exact: true }).fill(familyName);
  await page.getByLabel("Day").fill("1");
  await page.getByLabel("Month").fill("12");
  await page.getByLabel("Year").fill("1979");
  await page.getByRole("button", { name: "Search" }).click();
  const result = page.getByRole("listitem").filter({ hasText: `Euan ${familyName}` });
  await expect(result).toContainText("Closed");
  await expect(result).toContainText("Born 1 Dec 1979");
  await checkA11y();

  for (const url of urls) {
    expect(url).not.toContain(familyName);
    expect(url).not.toContain(offer.custodyReference.split("/").pop()!);
    expect(url).not.toContain("1979");
  }
});

test("each role's search finds only what is within its reach", async ({ page, context, db, login }) => {
  const familyName = uniqueName("Reach");
  const { referralId } = makeReferral(db, { centreId: "cc-northfirth", givenName: "Mhairi", familyName });
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });

  const search = async () => {
    await page.goto("/search");
    await page.getByLabel("Name", { exact: true }).fill(familyName);
    await page.getByRole("button", { name: "Search" }).click();
  };
  await login("custody_officer");
  await search();
  await expect(page.getByRole("link", { name: `Mhairi ${familyName}` })).toHaveAttribute(
    "href",
    `/custody/referrals/${referralId}`,
  );

  await context.clearCookies();
  await login("service_worker");
  await search();
  await expect(page.getByRole("link", { name: `Mhairi ${familyName}` })).toHaveAttribute(
    "href",
    `/service/referrals/${onwardId}`,
  );

  // Morven's provider does not cover Northfirth: nothing of Mhairi reaches her.
  await context.clearCookies();
  await login("referral_worker_west");
  await search();
  await expect(page.getByText("No one within your reach matches")).toBeVisible();
  await expect(page.getByRole("link", { name: `Mhairi ${familyName}` })).toHaveCount(0);
});

test("the queue puts people waiting in custody first, oldest first, then those with a worker, then follow-up; on a phone each is a card with its state", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const centreId = "cc-port-aird";
  const followUp = makeReferral(db, { centreId, givenName: "Fiona" });
  recordRelease(db, officerAudit(db), followUp.referralId, new Date().toISOString());
  backdate(db, followUp.referralId, 10 * 24 * 60);
  const withWorker = makeReferral(db, { centreId, givenName: "Craig" });
  claimReferral(db, jamie, withWorker.referralId);
  backdate(db, withWorker.referralId, 3 * 24 * 60);
  const waitingLong = makeReferral(db, { centreId, givenName: "Agnes" });
  backdate(db, waitingLong.referralId, 90);
  const waitingNow = makeReferral(db, { centreId, givenName: "Brian" });
  backdate(db, waitingNow.referralId, 5);
  const names = [waitingLong, waitingNow, withWorker, followUp].map(
    (r) => `${r.offer.givenName} ${r.offer.familyName}`,
  );

  await login("referral_worker");
  await page.goto(`/worker/queue?centre=${centreId}`);
  const listed = await page.getByRole("link").allTextContents();
  const positions = names.map((name) => listed.indexOf(name));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  const queue = page.getByRole("list", { name: "Referrals" }).getByRole("listitem");
  await expect(queue.filter({ hasText: names[0] })).toContainText("Overdue");
  await queue.filter({ hasText: names[0] }).screenshot({ path: "test-results/queue-overdue-desk.png" });

  await page.setViewportSize({ width: 390, height: 844 });
  for (const [name, state] of [
    [names[0], "Waiting for a worker"],
    [names[2], "With a worker"],
    [names[3], "Released before seen: community follow-up"],
  ]) {
    const card = queue.filter({ hasText: name });
    await card.scrollIntoViewIfNeeded();
    await expect(card.getByText(state)).toBeInViewport();
  }
  await queue.filter({ hasText: names[0] }).screenshot({ path: "test-results/queue-overdue-phone.png" });
  await checkA11y();
});

test.describe("before the page's scripts have loaded", () => {
  test.use({ javaScriptEnabled: false });

  test("a refused closure keeps the note Jamie typed beside the message", async ({ page, db, login }) => {
    const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
    await login("referral_worker");
    await page.goto(`/worker/referrals/${referralId}`);
    const closing = page.getByRole("region", { name: "Close this referral" });
    await closing.getByLabel("Note (optional)").fill("Family say he has moved to Glasgow");
    await closing.getByRole("button", { name: "Close referral" }).click();
    await expect(
      page.getByRole("region", { name: "Close this referral" }).getByText("Choose why the referral is closing").first(),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: "Close this referral" }).getByLabel("Note (optional)")).toHaveValue(
      "Family say he has moved to Glasgow",
    );
  });
});
