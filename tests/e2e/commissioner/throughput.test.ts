import { expect, test } from "../fixtures";

const file = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
const header = "centre_code,month,detentions,disclosed_drugs,disclosed_alcohol,disclosed_mental_health";

test("an administrator imports a throughput file with a bad row and sees the problems by row", async ({
  page,
  login,
  checkA11y,
}) => {
  await login("administrator");
  await page.goto("/admin/throughput/import");
  await checkA11y();
  await page
    .getByLabel("CSV file")
    .setInputFiles(file("bad.csv", [header, "NFC,2018-01,410,60,55,170", "KMC,2018-01,lots,,,", "ZZZ,2018-01,90,,,"]));
  await page.getByRole("button", { name: "Check and import" }).click();

  const report = page.getByRole("alert");
  await expect(report.getByRole("heading", { name: "Nothing was imported: bad.csv has 2 problems" })).toBeVisible();
  await expect(report.getByRole("row")).toHaveText([
    "RowColumnProblem",
    "3detentionsEnter the number of detentions as a whole number, like 412",
    "4centre_codeNo custody centre has the code “ZZZ”.",
  ]);
  await checkA11y();

  await page
    .getByLabel("CSV file")
    .setInputFiles(file("good.csv", [header, "NFC,2018-01,410,60,55,170", "KMC,2018-01,205,,,"]));
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByText("Imported 2 rows from good.csv.")).toBeVisible();
  await expect(page.getByText("None of these months was held before.")).toBeVisible();

  await page.getByLabel("CSV file").setInputFiles(file("again.csv", [header, "KMC,2018-01,207,,,"]));
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByText("This month was already held and has been replaced:")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Kelmoor Custody Suite, January 2018" })).toBeVisible();
});

test("an administrator enters one month and is told when it replaced figures", async ({ page, login, checkA11y }) => {
  await login("administrator");
  await page.goto("/admin/throughput");
  await checkA11y();
  await page.getByLabel("Custody centre").selectOption("cc-glenbrae");
  await page.getByLabel("Month", { exact: true }).fill("2018-02");
  await page.getByLabel("Detentions", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save the month" }).click();
  await expect(
    page.getByRole("alert").getByRole("link", { name: "Detentions: Enter the number of detentions" }),
  ).toBeVisible();

  await page.getByLabel("Detentions", { exact: true }).fill("161");
  await page.getByLabel("Disclosed drug problems (optional)").fill("26");
  await page.getByRole("button", { name: "Save the month" }).click();
  await expect(page.getByText("Saved the figures for Glenbrae Custody Suite, February 2018.")).toBeVisible();

  await page.getByLabel("Custody centre").selectOption("cc-glenbrae");
  await page.getByLabel("Month", { exact: true }).fill("2018-02");
  await page.getByLabel("Detentions", { exact: true }).fill("163");
  await page.getByRole("button", { name: "Save the month" }).click();
  await expect(page.getByText("They replace the figures held before for that month.")).toBeVisible();
});

test("the throughput template downloads", async ({ page, login }) => {
  await login("administrator");
  await page.goto("/admin/throughput/import");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "CSV template" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("pathway_custody-throughput_template.csv");
});
