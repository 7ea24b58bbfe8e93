// Issue 20: the naloxone report is made on a phone in the minutes after the event. From the
// keyboard alone it goes field by field in the order it reads; the error summary lists problems
// in that order and each link puts focus on its field; the name boxes open only when the officer
// knows who it was; once sent, the page says what happens next instead of showing the form again.
import { desc } from "drizzle-orm";
import { naloxoneReports } from "#db/schema";
import { expect, test } from "../fixtures";
import { focused, summaryFields, tabAndSay } from "../keyboard";

const OFFICER = { email: "officer@pathway.example" };
const shots = "test-results/screens";

test("an officer on a phone files a naloxone report from the keyboard; summary links go to the fields", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // A long story on a shared machine: room to finish, not a speed check.
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await login(OFFICER);
  await page.goto("/police/naloxone/new");
  // The time is already now; the name boxes wait for "Yes" (once the page runs).
  await expect(page.getByLabel("Hour")).toHaveValue(/^\d{2}$/);
  await expect(page.getByLabel("Given name (if known)")).toBeHidden();
  await expect(page.getByLabel("Postcode")).toHaveAttribute("autocapitalize", "characters");
  await expect(page.getByLabel("Number of doses given")).toHaveAttribute("inputmode", "numeric");
  await page.screenshot({ path: `${shots}/naloxone-form-keyboard-390.png`, fullPage: true });

  await page.getByRole("button", { name: "Send report" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toBeFocused();
  await checkA11y();
  await page.screenshot({ path: `${shots}/naloxone-errors-390.png`, fullPage: true });
  // In the order the form asks.
  expect(await summaryFields(summary)).toEqual([
    "Area",
    "State",
    "Doses",
    "Paraphernalia",
    "Ambulance",
    "Hospital",
    "Who it was",
  ]);

  // A summary link puts focus on its field: a text box, or the group of radios.
  await summary.getByRole("link", { name: /^Doses:/ }).press("Enter");
  await expect(page.getByLabel("Number of doses given")).toBeFocused();
  // The summary stays: following a link is not a new page.
  await expect(summary).toBeVisible();
  await summary.getByRole("link", { name: /^Area:/ }).press("Enter");
  await expect(page.getByRole("group", { name: "Local authority area" })).toBeFocused();

  // From the area on, Tab goes down the form as it reads; arrows and space choose.
  const order: string[] = [];
  order.push(await tabAndSay(page));
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  order.push(await focused(page));
  order.push(await tabAndSay(page));
  await page.keyboard.type("nf1 2ab");
  order.push(await tabAndSay(page));
  await page.keyboard.type("Stairwell behind the bus station");
  for (let i = 0; i < 5; i++) order.push(await tabAndSay(page));
  order.push(await tabAndSay(page));
  await page.keyboard.press("ArrowDown");
  order.push(await focused(page));
  order.push(await tabAndSay(page));
  await page.keyboard.type("2");
  order.push(await tabAndSay(page));
  await page.keyboard.press("Space");
  order.push(await tabAndSay(page));
  await page.keyboard.press("Space");
  order.push(await tabAndSay(page));
  await page.keyboard.press("ArrowRight");
  order.push(await focused(page));
  order.push(await tabAndSay(page));
  await page.keyboard.press("Space");
  order.push(await tabAndSay(page));
  expect(order).toEqual([
    expect.stringMatching(/^areaId=/),
    "areaId=la-northfirth",
    "postcode",
    "locationDescription",
    "administeredAtDay",
    "administeredAtMonth",
    "administeredAtYear",
    "administeredAtHour",
    "administeredAtMinute",
    "patientState=not_breathing",
    "patientState=unresponsive",
    "doses",
    "paraphernaliaPresent=yes",
    "ambulanceResponded=yes",
    "takenToHospital=yes",
    "takenToHospital=no",
    "personKnown=no",
    "Send report",
  ]);
  await page.keyboard.press("Enter");

  // Sent: what happens next, and the way on; the form is not shown again.
  await expect(page.getByText("Report sent.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send report" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Report another naloxone administration" })).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: `${shots}/naloxone-sent-390.png`, fullPage: true });

  const report = db.select().from(naloxoneReports).orderBy(desc(naloxoneReports.createdAt)).limit(1).get()!;
  expect(report).toMatchObject({
    areaId: "la-northfirth",
    postcode: "NF1 2AB",
    patientState: "unresponsive",
    doses: 2,
    paraphernaliaPresent: true,
    ambulanceResponded: true,
    takenToHospital: false,
    personNamedByOfficer: false,
  });
});

test("on a wide screen the report keeps a readable width, and a slip keeps every yes and no chosen", async ({
  page,
  login,
  checkA11y,
}) => {
  // A long story on a shared machine: room to finish, not a speed check.
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(OFFICER);
  await page.goto("/police/naloxone/new");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Send report" }) });
  expect((await form.boundingBox())!.width).toBeLessThan(800);
  await page.screenshot({ path: `${shots}/naloxone-form-keyboard-1280.png`, fullPage: true });

  await page.getByRole("group", { name: "Was drug paraphernalia present?" }).getByLabel("No").check();
  await page.getByRole("group", { name: "Did the ambulance service respond?" }).getByLabel("Yes").check();
  await page.getByRole("radio", { name: /Yes: their name/ }).check();
  await expect(page.getByLabel("Given name (if known)")).toBeVisible();
  await page.getByLabel("Given name (if known)").fill("Rhona");
  await page.getByRole("button", { name: "Send report" }).click();

  await expect(page.getByRole("alert")).toContainText("Say whether the person was taken to hospital");
  await expect(page.getByRole("group", { name: "Was drug paraphernalia present?" }).getByLabel("No")).toBeChecked();
  await expect(page.getByRole("group", { name: "Did the ambulance service respond?" }).getByLabel("Yes")).toBeChecked();
  await expect(
    page.getByRole("group", { name: "Was the person taken to hospital?" }).getByLabel("Yes"),
  ).not.toBeChecked();
  await expect(page.getByLabel("Given name (if known)")).toHaveValue("Rhona");
  await checkA11y();
  await page.screenshot({ path: `${shots}/naloxone-errors-1280.png`, fullPage: true });
});
