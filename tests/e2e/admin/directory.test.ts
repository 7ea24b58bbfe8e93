import fs from "node:fs";
import { exportDirectory } from "~/domain/directory-import.server";
import { createService } from "~/domain/directory.server";
import { uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { adminAudit } from "./support";

test("a service edited by an administrator is what a worker sees in the directory", async ({
  page,
  login,
  checkA11y,
}) => {
  const name = `${uniqueName("Quayside")} Housing Support`;
  await login("administrator");
  await page.goto("/admin/services/new");
  await page.getByLabel("Run by").selectOption({ label: "Harbour Housing Trust" });
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Kind of service").selectOption({ label: "Housing" });
  await page.getByLabel("Description").fill("Drop-in housing advice.");
  await page.getByLabel("Northfirth Council").check();
  await page.getByLabel("Taking referrals now").check();
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("status").filter({ hasText: "added to the directory" })).toBeVisible();

  await page.getByLabel("Description").fill("Housing advice and emergency accommodation, same day.");
  await page.getByLabel("Typical wait, in days (optional)").fill("2");
  await page.getByLabel("Taking referrals now").uncheck();
  await page.getByLabel("I have checked these details with the service today").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Workers see them in the directory now" })).toBeVisible();
  await checkA11y();

  await login("referral_worker");
  await page.goto("/directory");
  await page.getByLabel("Kind of service").selectOption({ label: "Housing" });
  await page.getByLabel("Local authority").selectOption({ label: "Northfirth Council" });
  await page.getByRole("button", { name: "Show services" }).click();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toContainText("Housing advice and emergency accommodation, same day.");
  await expect(card).toContainText("Not taking referrals");
  await expect(card).toContainText("2 days");
  await checkA11y();

  // Served only in Northfirth: not listed for Westmuir.
  await page.goto("/directory?areaId=la-westmuir");
  await expect(page.getByRole("heading", { name })).toHaveCount(0);
});

test("a service with no areas is refused with the reason by the field, and what was typed stays", async ({
  page,
  login,
}) => {
  await login("administrator");
  await page.goto("/admin/services/new");
  await page.getByLabel("Run by").selectOption({ label: "Harbour Housing Trust" });
  await page.getByLabel("Name").fill("Nowhere Service");
  await page.getByLabel("Kind of service").selectOption({ label: "Housing" });
  await page.getByLabel("Website (optional)").fill("not a website");
  await page.getByRole("button", { name: "Add service" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("Areas served: Choose at least one area the service serves");
  await expect(summary).toContainText("Website: Enter the full web address");
  await expect(page.locator("#field-areaIds-error")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Nowhere Service");
  await expect(page.getByLabel("Kind of service")).toHaveValue("housing");
});

test("an Open Referral file is previewed, then applied in one go", async ({ page, db, login, checkA11y }) => {
  const name = `${uniqueName("Harbourside")} Recovery`;
  const serviceId = createService(db, adminAudit, {
    organisationId: "org-nads",
    name,
    kind: "drug_alcohol_treatment",
    description: "Before the import.",
    areaIds: ["la-northfirth"],
    address: "1 Quay, Northfirth",
    postcode: "NF1 1AA",
    phone: "",
    email: "",
    website: "",
    hours: "",
    eligibility: "",
    isTakingReferrals: true,
    capacityPerMonth: null,
    typicalWaitDays: 3,
    isVerifiedNow: false,
  });
  const exported = exportDirectory(db);
  const mine = exported.contents.filter((s) => s.name === name);
  mine[0].description = "After the import.";
  mine[0].wait_time = "2 weeks";
  const file = JSON.stringify({ ...exported, total_items: 1, size: 1, contents: mine });

  await login("administrator");
  await page.goto("/admin/services/import");
  await checkA11y();
  await page
    .getByLabel("HSDS 3.0 JSON file")
    .setInputFiles({ name: "directory.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Preview the changes" }).click();
  const preview = page.getByRole("article").filter({ hasText: name });
  await expect(preview.getByRole("row", { name: /Description/ })).toContainText("Before the import.");
  await expect(preview.getByRole("row", { name: /Description/ })).toContainText("After the import.");
  await expect(preview.getByRole("row", { name: /Typical wait/ })).toContainText("14 days");
  await checkA11y();

  await page.getByRole("button", { name: "Apply these changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported: 0 new and 1 changed service" })).toBeVisible();
  await page.goto(`/admin/services/${serviceId}`);
  await expect(page.getByLabel("Description")).toHaveValue("After the import.");
});

test("a file that is not JSON, or misses what HSDS requires, is refused and nothing changes", async ({
  page,
  login,
}) => {
  await login("administrator");
  await page.goto("/admin/services/import");
  await page
    .getByLabel("HSDS 3.0 JSON file")
    .setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("this is not json") });
  await page.getByRole("button", { name: "Preview the changes" }).click();
  await expect(page.getByRole("alert")).toContainText("File: The file cannot be imported");
  await expect(page.getByRole("region", { name: "Problems in the file" })).toContainText("not valid JSON");

  const missing = JSON.stringify({
    version: "3.0",
    contents: [{ id: "0b6f5e34-1f5a-4c6e-9a11-2b1f3c4d5e6f", name: "No status here" }],
  });
  await page
    .getByLabel("HSDS 3.0 JSON file")
    .setInputFiles({ name: "missing.json", mimeType: "application/json", buffer: Buffer.from(missing) });
  await page.getByRole("button", { name: "Preview the changes" }).click();
  await expect(page.getByRole("region", { name: "Problems in the file" })).toContainText(
    "Service “No status here” (contents[0]): status is missing",
  );
});

test("the directory exports as Open Referral JSON", async ({ page, login }) => {
  await login("administrator");
  await page.goto("/admin/services");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export (Open Referral)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^pathway-directory-\d{4}-\d{2}-\d{2}\.hsds\.json$/);
  const exported = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  expect(exported.version).toBe("3.0");
  expect(exported.contents.map((s: { name: string }) => s.name)).toContain("Harbour Housing Advice");
});
