import { makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

test("a worker of a provider not covering the centre gets 404 for its referral", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });

  await login("referral_worker_west");
  const response = await page.goto(`/worker/referrals/${referralId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await checkA11y();
});

test("a worker of the provider covering the centre opens the referral", async ({ page, db, login }) => {
  const { referralId, offer } = makeReferral(db, { centreId: "cc-northfirth" });
  await login("referral_worker");
  const response = await page.goto(`/worker/referrals/${referralId}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${offer.givenName} ${offer.familyName}`);
});

for (const [role, path] of [
  ["service_worker", "/custody"],
  ["commissioner", "/custody"],
  ["commissioner", "/worker/queue"],
  ["custody_officer", "/admin"],
  ["referral_worker", "/commissioner"],
] as const) {
  test(`a ${role.replace(/_/g, " ")} opening ${path} is refused with 403`, async ({ page, login, checkA11y }) => {
    await login(role);
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await checkA11y();
  });
}

test("the navigation shows only what the role can use", async ({ page, login }) => {
  await login("service_worker");
  await page.goto("/service/inbox");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveText(["Inbox", "Upload outcomes", "Search", "Service directory"]);
});
