// Issue 16.13: pages for people who are not developers say what things mean in plain words.
import { makeOnwardReferral, makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

test("an administrator reads the audit log in plain words: what was done, and its details as labelled values", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(90_000);
  // A service worker opens a referral: a "viewed a person's record" row with details.
  const { referralId } = makeReferral(db);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);
  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(page.getByRole("button", { name: "Accept referral" })).toBeHidden();

  await login("administrator");
  await page.goto(`/admin/audit?recordId=${onwardId}`);
  const table = page.getByRole("table");
  await expect(table.getByText("Viewed a person's record").first()).toBeVisible();
  await expect(table.getByText("Onward referral: accepted")).toBeVisible();
  await expect(table).not.toContainText("person.view");
  await expect(table).not.toContainText("onward-referral.accepted");
  // The details read as labelled values, not JSON.
  await expect(table).toContainText("From: Referred, waiting for the service");
  await expect(table).toContainText("Reported through: Pathway's pages");
  await expect(table).not.toContainText("{");
  // The filter offers the same words.
  await expect(page.getByLabel("Action").locator("option", { hasText: "Viewed a person's record" })).toHaveCount(1);
  await checkA11y();
});

test("the API keys page says what a key is for and what to give the provider, without sending anyone to docs/api.md", async ({
  page,
  login,
  checkA11y,
}) => {
  await login("administrator");
  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { name: "What a key is for, and what to give the provider" })).toBeVisible();
  await expect(page.getByText(/\/api\/fhir$/)).toBeVisible();
  await expect(page.locator("main")).not.toContainText("docs/api.md");
  await checkA11y();
});

test("a commissioner sees “[c]” explained under every table that shows it, and no “<5” left", async ({
  page,
  login,
}) => {
  test.setTimeout(90_000);
  await login("commissioner");
  await page.goto("/commissioner?period=year&year=2026&breakdown=centre");
  const tables = page.locator("section:has(table)");
  for (const section of await tables.all()) {
    const cells = await section.locator("td").allTextContents();
    if (cells.some((c) => c.trim() === "[c]")) {
      await expect(section).toContainText("“[c]” means the figure is withheld");
    }
    // Small counts are perturbed (decision 013), never shown as "<5".
    expect(cells.some((c) => c.trim() === "<5")).toBe(false);
  }
  // The loop above read real tables, not an empty page.
  expect(await tables.count()).toBeGreaterThan(3);
});
