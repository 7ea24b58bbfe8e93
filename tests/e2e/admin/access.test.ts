import { expect, test } from "../fixtures";

const adminPages = [
  "/admin",
  "/admin/organisations",
  "/admin/organisations/new",
  "/admin/organisations/org-police",
  "/admin/users",
  "/admin/users/new",
  "/admin/users/user-worker",
  "/admin/centres",
  "/admin/centres/new",
  "/admin/centres/cc-northfirth",
  "/admin/areas",
  "/admin/areas/la-northfirth",
  "/admin/services",
  "/admin/services/new",
  "/admin/services/svc-harbour-housing",
  "/admin/services/import",
  "/admin/services/export",
  "/admin/settings",
  "/admin/audit",
  "/admin/audit/export",
  "/admin/subject-access",
  "/admin/subject-access/anyone",
  "/admin/subject-access/anyone/download",
];

for (const role of ["custody_officer", "referral_worker", "service_worker", "commissioner"] as const) {
  test(`a ${role.replace(/_/g, " ")} gets 403 on every administration page`, async ({ page, login }) => {
    await login(role);
    for (const path of adminPages) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();

    // Changes are refused too, not just pages.
    const status = await page.evaluate(async () => {
      const body = new FormData();
      body.set("name", "Sneaky");
      body.set("email", "sneaky@example.org");
      body.set("organisationId", "org-operator");
      body.set("role", "administrator");
      return (await fetch("/admin/users/new", { method: "POST", body })).status;
    });
    expect(status).toBe(403);
  });
}

test("custody officers and commissioners do not see the service directory; workers do", async ({ page, login }) => {
  await login("custody_officer");
  expect((await page.goto("/directory"))?.status()).toBe(403);
  await login("commissioner");
  expect((await page.goto("/directory"))?.status()).toBe(403);
  await login("service_worker");
  expect((await page.goto("/directory"))?.status()).toBe(200);
});

test("administration asks a signed-out visitor to sign in first", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fusers/);
});
