import { makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

test("the queue shows 25 at a time; Show more asks for 25 more, on a phone and on a desk", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(90_000);
  for (let i = 0; i < 30; i++) makeReferral(db, { centreId: "cc-port-aird" });
  await login("referral_worker");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/worker/queue?show=waiting&centre=cc-port-aird");
  const cards = page.getByRole("list", { name: "Referrals" }).getByRole("listitem");
  await expect(cards).toHaveCount(25);
  await expect(page.getByText("Showing the first 25.")).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: "test-results/queue-show-more-phone.png", fullPage: false });

  await page.getByRole("link", { name: "Show more referrals" }).click();
  await expect(page).toHaveURL(/shown=50/);
  // The address changes before the longer list is drawn: wait for the list to say so, then count.
  await expect(page.getByText(/^Showing (all \d+|the first 50)\.$/)).toBeVisible();
  const count = await cards.count();
  expect(count).toBeGreaterThanOrEqual(30);
  expect(count).toBeLessThanOrEqual(50);

  // On a phone a referral's state is under the person's name; at a desk, the same list puts it beside it.
  const card = cards.first();
  const nameBox = async () => (await card.getByRole("link").boundingBox())!;
  const stateBox = async () => (await card.getByText("Waiting for a worker").boundingBox())!;
  expect((await stateBox()).y).toBeGreaterThan((await nameBox()).y + 10);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(cards).toHaveCount(count);
  await expect(async () => {
    expect((await stateBox()).x).toBeGreaterThan((await nameBox()).x + 100);
    expect(Math.abs((await stateBox()).y - (await nameBox()).y)).toBeLessThan(10);
  }).toPass();
  await checkA11y();
  await page.screenshot({ path: "test-results/queue-show-more-desk.png", fullPage: false });
});

test("someone booked in while the worker was away is named on page one, whichever page they are on", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(90_000);
  // 25 waiting nearer release than anyone booked in now: they fill page one of the list.
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const nearer = Array.from({ length: 25 }, (_, i) =>
    makeReferral(db, { centreId: "cc-port-aird", arrivedAt: hoursAgo(20 - i / 10) }),
  );
  await login("referral_worker");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/worker/queue?show=waiting&centre=cc-port-aird");
  await expect(page.getByRole("list", { name: "Referrals" }).getByRole("listitem")).toHaveCount(25);
  await expect(page.getByRole("status").filter({ hasText: "new since you last looked" })).toHaveCount(0);

  // The worker goes to see someone; meanwhile custody books a person in.
  await page.goto(`/worker/referrals/${nearer[0].referralId}`);
  const arrived = makeReferral(db, { centreId: "cc-port-aird", arrivedAt: hoursAgo(0.05) });
  await page.goto("/worker/queue?show=waiting&centre=cc-port-aird");
  await expect(page.getByRole("status").filter({ hasText: "new since you last looked" })).toHaveText(
    /^(1|At least \d) new since you last looked$/,
  );
  const named = page.getByRole("list", { name: "New since you last looked" });
  await expect(
    named.getByRole("link", { name: `${arrived.offer.givenName} ${arrived.offer.familyName}` }),
  ).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: "test-results/queue-new-since-phone.png", fullPage: false });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: "test-results/queue-new-since-desk.png", fullPage: false });

  await page.getByRole("button", { name: "Mark as seen" }).click();
  await expect(named).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("list", { name: "Referrals" })).toBeVisible();
  await expect(page.getByRole("list", { name: "New since you last looked" })).toHaveCount(0);
});
