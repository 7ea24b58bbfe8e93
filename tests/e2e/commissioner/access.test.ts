import { makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

for (const path of ["/worker/referrals", "/custody/referrals"]) {
  test(`a commissioner opening a referral at ${path}/… is refused with 403`, async ({ page, db, login, checkA11y }) => {
    const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
    await login("commissioner");
    const response = await page.goto(`${path}/${referralId}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await checkA11y();
  });
}

test("a commissioner cannot see the figures of an area their organisation does not fund", async ({ page, login }) => {
  await login("commissioner");
  expect((await page.goto("/commissioner?area=adp-westmuir"))?.status()).toBe(404);
  expect((await page.goto("/commissioner/export/referral-rate?area=la-westmuir"))?.status()).toBe(404);
  expect((await page.goto("/commissioner/report?area=div-westmuir"))?.status()).toBe(404);
});

test("a commissioner cannot reach custody throughput administration", async ({ page, login }) => {
  await login("commissioner");
  expect((await page.goto("/admin/throughput"))?.status()).toBe(403);
});

test("the dashboard's data holds no identifiers of people", async ({ page, db, login }) => {
  const { offer } = makeReferral(db, { centreId: "cc-kelmoor" });
  await login("commissioner");
  const response = await page.goto("/commissioner?period=month&month=" + new Date().toISOString().slice(0, 7));
  const html = await response!.text();
  expect(html).not.toContain(offer.givenName);
  expect(html).not.toContain(offer.familyName);
  expect(html).not.toContain(offer.custodyReference);
});
