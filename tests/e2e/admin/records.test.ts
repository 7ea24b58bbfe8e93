import fs from "node:fs";
import { uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";

test("a custody centre without a division is refused by the field, and a good one is added", async ({
  page,
  login,
}) => {
  const code = uniqueName("C").toUpperCase().slice(0, 6);
  await login("administrator");
  await page.goto("/admin/centres/new");
  await page.getByLabel("Name").fill(`${code} Custody Suite`);
  await page.getByLabel("Code").fill(code);
  await page.getByLabel("Local authority").selectOption({ label: "Kelmoor Council" });
  await page.getByLabel("Custody reference pattern").fill(`^${code}/\\d{2}/\\d{6}$`);
  await page.getByLabel("Example custody reference").fill(`${code}/26/000001`);
  await page.getByRole("button", { name: "Add custody centre" }).click();
  await expect(page.getByRole("alert")).toContainText("Police division: Choose the police division the centre is in");
  await expect(page.getByLabel("Code")).toHaveValue(code);

  await page.getByLabel("Police division").selectOption({ label: "Northfirth Division" });
  await page.getByLabel("Example custody reference").fill("WRONG");
  await page.getByRole("button", { name: "Add custody centre" }).click();
  await expect(page.locator("#field-custodyReferenceExample-error")).toContainText("does not fit the pattern");

  await page.getByLabel("Example custody reference").fill(`${code}/26/000001`);
  await page.getByRole("button", { name: "Add custody centre" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The custody centre was added." })).toBeVisible();
  await expect(page.getByText("No provider covers this centre yet")).toBeVisible();
});

test("a new arrest referral provider covers the centres ticked for it", async ({ page, login }) => {
  const name = `${uniqueName("Harbour")} Arrest Referral`;
  await login("administrator");
  await page.goto("/admin/organisations/new");
  await page.getByLabel("Arrest referral provider").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Kelmoor Custody Suite").check();
  await page.getByRole("button", { name: "Add organisation" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByLabel("Kelmoor Custody Suite")).toBeChecked();

  await page.goto("/admin/organisations/new?kind=service_provider");
  await page.getByLabel("Name", { exact: true }).fill("harbour housing trust");
  await page.getByRole("button", { name: "Add organisation" }).click();
  await expect(page.locator("#field-name-error")).toContainText("already exists");
});

test("a new consent wording is a new version; earlier versions stay", async ({ page, login }) => {
  const words = `${uniqueName("Wording")}: you can talk to a referral worker while you are here. It is up to you.`;
  await login("administrator");
  await page.goto("/admin/settings");
  const article = page.locator("#wording-contact_after_release");
  await article.getByRole("textbox").fill(words);
  await article.getByRole("button", { name: "Save as a new version" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Past consents keep the words they were given" }),
  ).toBeVisible();
  await expect(page.locator("#wording-contact_after_release").getByRole("textbox")).toHaveValue(words);
  await expect(page.locator("#wording-contact_after_release")).toContainText("Earlier versions");
});

test("settings out of bounds are refused by the field", async ({ page, login }) => {
  await login("administrator");
  await page.goto("/admin/settings");
  await page.getByLabel("Feedback overdue after (days)").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the days before feedback is overdue of 1 or more");
  await expect(page.getByLabel("Feedback overdue after (days)")).toHaveValue("0");
});

test("the audit log filters by user, records being viewed, and exports neutralised CSV", async ({ page, login }) => {
  const { userId } = await login("administrator");
  await page.goto("/admin/audit");
  await page.getByLabel("User").selectOption(userId);
  await page.getByLabel("Action").selectOption("audit.view");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/action=audit\.view/);
  await expect(page.getByRole("cell", { name: "Viewed the audit log" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Export these as CSV" })).toHaveAttribute("href", /action=audit\.view/);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export these as CSV" }).click();
  const csv = fs.readFileSync(await (await downloadPromise).path(), "utf8");
  const [header, ...rows] = csv.trim().split("\r\n");
  expect(header).toContain('"Action"');
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.includes('"audit.view"'))).toBe(true);
});
