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
  const count = await cards.count();
  expect(count).toBeGreaterThanOrEqual(30);
  expect(count).toBeLessThanOrEqual(50);

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(count);
  await page.screenshot({ path: "test-results/queue-show-more-desk.png", fullPage: false });
});
