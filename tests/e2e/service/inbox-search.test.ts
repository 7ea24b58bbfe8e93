// Issue 16.7: the service inbox shows who each referral is for, can be searched and filtered,
// and the outcomes template says who each row is.
import { eq } from "drizzle-orm";
import { onwardReferrals } from "#db/schema";
import { parseCsv } from "~/utils/csv-read.server";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";

function referralFor(
  db: Parameters<typeof makeReferral>[0],
  givenName: string,
  familyName: string,
  dateOfBirth: string,
  urgent = false,
) {
  const { referralId } = makeReferral(db, { givenName, familyName, dateOfBirth });
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-kelmoor-recovery", status: "requested" });
  if (urgent) db.update(onwardReferrals).set({ priority: "urgent" }).where(eq(onwardReferrals.id, onwardId)).run();
  shareAssessmentWithService(db, onwardId, ["drugs"]);
  return onwardId;
}

test("Priya finds Euan in the inbox by his name, without his name going into the address, and sees who each row is", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(90_000);
  const family = uniqueName("Macleod");
  const euan = referralFor(db, "Euan", family, "1979-12-01", true);
  await login("service_worker");
  await page.goto("/service/inbox");

  await page.getByRole("searchbox", { name: "Find a person" }).fill(`euan ${family.toLowerCase()}`);
  await page.getByRole("button", { name: "Search" }).click();
  const list = page.getByRole("list", { name: /^Onward referrals/ });
  await expect(list.getByRole("listitem")).toHaveCount(1);
  const row = list.getByRole("listitem").first();
  await expect(row.getByRole("link", { name: new RegExp(`Euan ${family}`) })).toHaveAttribute(
    "href",
    `/service/referrals/${euan}`,
  );
  await expect(row).toContainText("Born 1 Dec 1979");
  await expect(row).toContainText("Urgent");
  await expect(row).toContainText("Referred, waiting for the service");
  // The name was sent in the body of the request: the address does not carry it.
  expect(page.url()).not.toMatch(/euan|macleod/i);
  await checkA11y();

  // Filters that say nothing about a person do go in the address, and narrow the list.
  await page.getByRole("link", { name: "Clear search" }).click();
  await page.getByLabel("Service").selectOption({ label: "Kelmoor Community Recovery Hub" });
  await page.getByLabel("Urgency").selectOption("urgent");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/service=svc-kelmoor-recovery/);
  await expect(page).toHaveURL(/urgency=urgent/);
  const items = page.getByRole("list", { name: /^Onward referrals/ }).getByRole("listitem");
  await expect(items.first()).toContainText("Urgent");
  expect((await items.allTextContents()).some((text) => text.includes("Routine"))).toBe(false);
});

test("the outcomes template says who each row is, and uploads unchanged", async ({ page, db, login }) => {
  const family = uniqueName("Template");
  const onwardId = referralFor(db, "Ailsa", family, "1985-06-30");
  await login("service_worker");
  const template = await (await page.request.get("/service/uploads/template")).text();
  const read = parseCsv(template);
  if (!read.ok) throw new Error(read.problem);
  const [headings, ...rows] = read.rows;
  expect(headings).toEqual(expect.arrayContaining(["name", "date_of_birth"]));
  const row = rows.find((r) => r[0] === onwardId)!;
  expect([row[headings.indexOf("name")], row[headings.indexOf("date_of_birth")]]).toEqual([
    `Ailsa ${family}`,
    "1985-06-30",
  ]);
});

test("screenshots of the inbox at 1280×800 and 390×844", async ({ page, login, checkA11y }) => {
  test.setTimeout(90_000);
  await login("service_worker");
  for (const [name, width, height] of [
    ["desktop", 1280, 800],
    ["phone", 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto("/service/inbox");
    await page.screenshot({ path: `tests/.tmp/screens/h6-inbox-${name}.png` });
    await checkA11y();
  }
});
