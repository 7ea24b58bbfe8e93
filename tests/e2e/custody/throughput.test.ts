// Police keep the monthly custody throughput of their own force's centres.
import { and, eq } from "drizzle-orm";
import { custodyThroughput } from "#db/schema";
import { addMonths, formatMonth, formatShortMonth, monthOf } from "~/domain/metrics/period";
import { expect, test } from "../fixtures";

test("a custody officer enters a month for one of their centres and sees it in the grid", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // The oldest month the grid shows. The demo holds figures for it; they are put back after.
  const month = addMonths(monthOf(new Date()), -12);
  const where = and(eq(custodyThroughput.custodyCentreId, "cc-port-aird"), eq(custodyThroughput.month, month));
  const held = db.select().from(custodyThroughput).where(where).get();

  try {
    await login("custody_officer");
    await page.goto("/custody?choose=1");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(["Custody centre", "Throughput", "Patrol and naloxone", "Search"]);
    await nav.getByRole("link", { name: "Throughput" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Custody throughput" })).toBeVisible();
    await checkA11y();

    await page.getByLabel("Custody centre").selectOption("cc-port-aird");
    await page.getByLabel("Month", { exact: true }).fill(month);
    await page.getByLabel("Detentions", { exact: true }).fill("987");
    await page.getByRole("button", { name: "Save the month" }).click();
    await expect(page.getByText(`Saved the figures for Port Aird Custody Suite, ${formatMonth(month)}.`)).toBeVisible();
    await expect(
      page.getByRole("link", { name: `987* at Port Aird Custody Suite in ${formatShortMonth(month)}: change` }),
    ).toBeVisible();
    await checkA11y();
  } finally {
    if (held) db.update(custodyThroughput).set(held).where(where).run();
    else db.delete(custodyThroughput).where(where).run();
  }
});

test("a custody officer imports a file for their centres", async ({ page, login }) => {
  await login("custody_officer");
  await page.goto("/custody/throughput");
  await page.getByRole("link", { name: "Import a CSV file" }).click();
  await page.getByLabel("CSV file").setInputFiles({
    name: "police.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(["centre_code,month,detentions", "PAD,2017-03,88", "ZZZ,2017-03,10"].join("\n")),
  });
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByRole("alert").getByRole("row")).toHaveText([
    "RowColumnProblem",
    "3centre_codeNo custody centre has the code “ZZZ”.",
  ]);

  await page.getByLabel("CSV file").setInputFiles({
    name: "police.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("centre_code,month,detentions\nPAD,2017-03,88\n"),
  });
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByText("Imported 1 row from police.csv.")).toBeVisible();
});

test("a service worker is refused the throughput pages with 403", async ({ page, login, checkA11y }) => {
  await login("service_worker");
  const response = await page.goto("/custody/throughput");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await checkA11y();
  expect((await page.goto("/custody/throughput/import"))?.status()).toBe(403);
  expect((await page.goto("/custody/throughput/template"))?.status()).toBe(403);
});

test("each side keeps throughput on its own pages: police under /custody, administrators under /admin", async ({
  page,
  login,
}) => {
  await login("custody_officer");
  expect((await page.goto("/admin/throughput"))?.status()).toBe(403);
  await login("administrator");
  expect((await page.goto("/custody/throughput"))?.status()).toBe(403);
});
