import { makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

const pages: [path: string, heading: string | RegExp][] = [
  ["/admin", "Administration"],
  ["/admin/organisations", "Organisations"],
  ["/admin/organisations/new", "Add an organisation"],
  ["/admin/organisations/new?kind=commissioner", "Add a commissioner"],
  ["/admin/organisations/org-firth-recovery", "Firth Recovery Partnership"],
  ["/admin/organisations/org-nk-adp", "Northfirth and Kelmoor ADP"],
  ["/admin/users", "People using Pathway"],
  ["/admin/users/new", "Invite someone to Pathway"],
  ["/admin/users/user-worker", "Jamie Reid"],
  ["/admin/centres", "Custody centres"],
  ["/admin/centres/new", "Add a custody centre"],
  ["/admin/centres/cc-port-aird", "Port Aird Custody Suite"],
  ["/admin/areas", "Areas"],
  ["/admin/areas/la-kelmoor", "Kelmoor Council"],
  ["/admin/services", "Service directory"],
  ["/admin/services?due=1", "Service directory"],
  ["/admin/services/new", "Add a service"],
  ["/admin/services/svc-employability", "Second Chance Employability Programme"],
  ["/admin/services/import", "Import services"],
  ["/admin/settings", "Settings"],
  ["/admin/audit", "Audit log"],
  ["/admin/subject-access", "Subject access"],
  ["/directory", "Service directory"],
];

test("every administration page passes axe (WCAG 2.1 AA)", async ({ page, login, checkA11y }) => {
  test.setTimeout(120_000);
  await login("administrator");
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading }), path).toBeVisible();
    await checkA11y();
  }
});

test("error states and a subject access record pass axe too", async ({ page, db, login, checkA11y }) => {
  const { personId } = makeReferral(db);
  await login("administrator");
  await page.goto(`/admin/subject-access/${personId}`);
  await checkA11y();

  await page.goto("/admin/services/new");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await checkA11y();

  await page.goto("/admin/users/new");
  await page.getByRole("button", { name: "Invite and make a link" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await checkA11y();

  await page.goto("/set-password/not-a-real-token");
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await checkA11y();
});
