import fs from "node:fs/promises";
import { expect, test } from "../fixtures";
import { partnershipWithCentres, readCsv, referralMadeAt, setThroughput } from "./support";

test("a commissioner sees the dashboard for their areas", async ({ page, login, checkA11y }) => {
  await login("commissioner");
  const response = await page.goto("/commissioner");
  expect(response?.status()).toBe(200);
  // Worked out on the figures thread, so that a big dashboard never holds up anyone else.
  expect(response?.headers()["server-timing"]).toContain("figures worker thread");
  await expect(page.getByRole("heading", { level: 1, name: "Referral and outcome rates" })).toBeVisible();
  await expect(page.getByText("All your areas (Northfirth and Kelmoor ADP)")).toBeVisible();
  // Only the areas the organisation funds can be chosen.
  await expect(page.getByLabel("Area").locator("option")).toHaveText([
    "All your areas",
    "Northfirth and Kelmoor ADP",
    "Kelmoor Council",
    "Northfirth Council",
  ]);
  await expect(page.getByRole("heading", { name: "How small numbers are protected" })).toBeVisible();
  await expect(page.getByRole("img", { name: "From referral to engagement" })).toBeVisible();
  await page.getByText("What this means: Referral rate").click();
  await expect(page.getByText("Arrest referrals made for every 100 people detained.")).toBeVisible();
  await checkA11y();
});

test("a commissioner changes the period and breakdown, and downloads a CSV whose numbers match the page", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // June 2019, long before any other test's records; a retry uses a June of its own, a year earlier each time.
  const year = 2019 - test.info().retry;
  const month = `${year}-06`;
  const day = (d: number) => `${month}-${String(d).padStart(2, "0")}`;
  setThroughput(db, "cc-northfirth", month, 400);
  setThroughput(db, "cc-kelmoor", month, 200);
  setThroughput(db, "cc-westmuir", month, 300);
  for (let i = 0; i < 6; i++) referralMadeAt(db, "cc-northfirth", `${day(i + 2)}T10:00:00.000Z`);
  for (let i = 0; i < 7; i++) referralMadeAt(db, "cc-kelmoor", `${day(i + 2)}T11:00:00.000Z`);
  for (let i = 0; i < 2; i++) referralMadeAt(db, "cc-port-aird", `${day(i + 10)}T12:00:00.000Z`);
  for (let i = 0; i < 3; i++) referralMadeAt(db, "cc-westmuir", `${day(i + 10)}T12:00:00.000Z`); // not the commissioner's area

  await login("commissioner");
  await page.goto("/commissioner");
  await page.getByLabel("Months from … to …").check();
  await page.getByLabel("From month").fill(month);
  await page.getByLabel("To month").fill(month);
  await page.getByLabel("Break down by").selectOption("centre");
  await page.getByRole("button", { name: "Show figures" }).click();

  await expect(page).toHaveURL(/period=custom/);
  await expect(page).toHaveURL(/breakdown=centre/);
  await expect(
    page.getByText(`June ${year} · All your areas (Northfirth and Kelmoor ADP) · by custody centre`),
  ).toBeVisible();

  const rate = page.locator("section#referral-rate");
  const cell = (row: string, column: string) => rate.locator(`[data-figure="referral-rate:${row}:${column}"]`);
  // Every count is perturbed by at most 4 (decision 013); 1 to 4 never shows.
  const shown = async (row: string, column: string) =>
    Number((await cell(row, column).textContent())!.replace(/,/g, ""));
  const near = (value: number, truth: number) =>
    expect(Math.abs(value - truth), `${value} for ${truth}`).toBeLessThanOrEqual(4);
  await expect(cell("total", "referrals")).toHaveText(/^\d+$/);
  near(await shown("cc-kelmoor", "referrals"), 7);
  near(await shown("cc-northfirth", "referrals"), 6);
  expect(["0", "5"]).toContain(await cell("cc-port-aird", "referrals").textContent()); // 2 people
  near(await shown("total", "referrals"), 15);
  near(await shown("total", "detentions"), 600);
  const kelmoorRate =
    Math.round(((await shown("cc-kelmoor", "referrals")) / (await shown("cc-kelmoor", "detentions"))) * 1000) / 10;
  await expect(cell("cc-kelmoor", "referralRate")).toHaveText(`${kelmoorRate.toFixed(1)}%`);
  await expect(cell("cc-port-aird", "referralRate")).toHaveText("no data");
  await expect(rate.getByRole("rowheader", { name: "Westmuir Custody Centre" })).toHaveCount(0);
  await checkA11y();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    rate.getByRole("link", { name: /Download CSV\s?: Referral rate/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`pathway_referral-rate_${month}_all-your-areas_by-centre.csv`);
  const csv = readCsv(await fs.readFile((await download.path())!, "utf8"));
  expect(csv[0]).toEqual(["Custody centre", "Detentions", "Referrals", "Referral rate (%)"]);
  expect(csv[1][0]).toMatch(/^Definitions\. Referral rate:/);

  // Every row of the page's table is in the file, with the same figures.
  const pageRows = await rate
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.querySelector("th")!.textContent!.trim(),
        ...[...row.querySelectorAll("td")].map((td) => td.textContent!.trim()),
      ]),
    );
  const fileRows = csv
    .slice(2)
    .map(([label, ...cells]) => [
      label,
      ...cells.map((c, i) => (i === 2 && /^\d/.test(c) ? `${Number(c).toFixed(1)}%` : c)),
    ]);
  expect(fileRows).toEqual(pageRows);
  // Centres other tests add have no detentions or referrals in this month.
  const seededRows = fileRows.filter((row) => !(row[1] === "0" && row[2] === "0"));
  expect(seededRows.map((row) => row[0])).toEqual(
    expect.arrayContaining(["Kelmoor Custody Suite", "Northfirth Central Custody", "All selected areas"]),
  );
});

test("a long breakdown shows its first 20 rows on the page, and every row of a table on request", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // Three dashboards of 23 centres, each with its headline comparisons: a hang guard, not a speed check.
  test.slow();
  const partnership = partnershipWithCentres(db, 23);
  await login({ email: partnership.email });
  await page.goto("/commissioner?period=year&year=2019&breakdown=centre");
  const rate = page.locator("section#referral-rate");
  await expect(rate.locator("tbody tr")).toHaveCount(21); // 20 centres and the total
  await expect(rate.getByRole("rowheader", { name: partnership.centreName(20) })).toBeVisible();
  await expect(rate.getByRole("rowheader", { name: partnership.centreName(21) })).toHaveCount(0);
  await expect(rate.getByRole("rowheader", { name: "All selected areas" })).toBeVisible();
  await expect(rate.getByText("Showing the first 20 of 23 rows; the CSV has every row.")).toBeVisible();
  await checkA11y();

  await rate.getByRole("link", { name: /Show all 23 rows\s?: Referral rate/ }).click();
  await expect(page).toHaveURL(/[?&]all=referral-rate#referral-rate$/);
  await expect(rate.locator("tbody tr")).toHaveCount(24);
  // The link that asked has gone: focus is on the table's heading.
  await expect(rate.getByRole("heading", { name: "Referral rate" })).toBeFocused();
  await expect(rate.getByRole("rowheader", { name: partnership.centreName(23) })).toBeVisible();
  await expect(rate.getByText(/Showing the first/)).toHaveCount(0);
  // Only the table asked for: the others still show their first 20.
  await expect(page.locator("section#referrals tbody tr")).toHaveCount(21);
});

test("the printable report shows every figure with its definition", async ({ page, login, checkA11y }) => {
  await login("commissioner");
  await page.goto("/commissioner/report?period=quarter&quarter=2019-Q2&breakdown=none");
  await expect(
    page.getByRole("heading", { level: 1, name: "Arrest referral: referral and outcome rates" }),
  ).toBeVisible();
  await expect(page.getByText("April to June 2019 · All your areas (Northfirth and Kelmoor ADP)")).toBeVisible();
  await expect(page.getByText("Arrest referrals made for every 100 people detained.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Print this report" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print this report" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await checkA11y();
});
