import fs from "node:fs";
import { eq, inArray } from "drizzle-orm";
import { onwardReferrals, outcomeEvents } from "#db/schema";
import { parseCsv } from "~/utils/csv-read.server";
import { ukDateOf } from "~/utils/dates";
import { makeOnwardReferral, makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

const header = "onward_referral_id,event,date,appointment_time,place,reason,engagement,note";
const today = ukDateOf(new Date());

function twoReferrals(db: Parameters<typeof makeReferral>[0]) {
  const { referralId } = makeReferral(db);
  return [
    makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" }),
    makeOnwardReferral(db, { referralId, serviceId: "svc-kelmoor-recovery", status: "accepted" }),
  ];
}

test("a CSV upload with a bad row shows the per-row report and applies nothing", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const [first, second] = twoReferrals(db);
  await login("service_worker");
  await page.goto("/service/uploads");
  await expect(page.getByRole("heading", { level: 1, name: "Upload outcomes" })).toBeVisible();
  await checkA11y();

  const csv = [
    header,
    `${first},accepted,${today},,,,,`,
    `${second},engagement_check_4_weeks,${today},,,,,`,
    `${second},ended,${today},,,=HYPERLINK("x"),,`,
  ].join("\n");
  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "outcomes.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByText("outcomes.csv: 1 KB, about 3 rows.")).toBeVisible();
  await page.getByRole("button", { name: "Upload and check" }).click();

  await expect(page.getByRole("heading", { name: "Nothing was recorded: 2 problems in outcomes.csv" })).toBeVisible();
  const rows = page.getByRole("table", { name: "Problems by row" }).getByRole("row");
  await expect(rows.nth(1)).toContainText("3engagement");
  await expect(rows.nth(2)).toContainText("4reason");
  await checkA11y();
  await page.screenshot({ path: "tests/.tmp/screens/uploads-problems-desktop.png", fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the list of problems (CSV)" }).click();
  const report = fs.readFileSync(await (await download).path(), "utf8");
  const read = parseCsv(report);
  expect(read.ok && read.rows[0]).toEqual(["row", "column", "problem"]);
  expect(read.ok && read.rows).toContainEqual(["3", "engagement", "Choose how engaged the person is"]);

  expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, first)).get()!.status).toBe("requested");
  expect(
    db
      .select()
      .from(outcomeEvents)
      .where(inArray(outcomeEvents.onwardReferralId, [first, second]))
      .all(),
  ).toHaveLength(0);
});

test("a good CSV records every row, and the same file again counts nothing twice", async ({ page, db, login }) => {
  const [first, second] = twoReferrals(db);
  await login("service_worker");
  await page.goto("/service/uploads");
  const csv = [header, `${first},accepted,${today},,,,,`, `${second},attended,${today},,,,,`].join("\n");
  for (const expected of ["Recorded 2 outcome events from outcomes.csv.", "Nothing new in outcomes.csv."]) {
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "outcomes.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and check" }).click();
    await expect(page.getByText(expected)).toBeVisible();
  }
  await expect(page.getByText("2 rows were already recorded before and not counted again.")).toBeVisible();
  expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, second)).get()!.status).toBe("in-progress");
  expect(
    db
      .select()
      .from(outcomeEvents)
      .where(inArray(outcomeEvents.onwardReferralId, [first, second]))
      .all(),
  ).toHaveLength(2);
});

test("the template lists the service's open referrals", async ({ page, db, login }) => {
  const [first] = twoReferrals(db);
  await login("service_worker");
  const response = await page.request.get("/service/uploads/template");
  expect(response.headers()["content-type"]).toContain("text/csv");
  const text = await response.text();
  const read = parseCsv(text);
  expect(read.ok && read.rows[0]).toEqual([
    ...header.split(","),
    "name",
    "date_of_birth",
    "service",
    "need",
    "referred_on",
  ]);
  expect(text).toContain(first);
});
