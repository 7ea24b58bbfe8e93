// Issue 20: the patrol referral from the keyboard. The error summary lists problems in the order
// the form asks, each link puts focus on its field, and Tab goes down the form as it reads.
import { eq } from "drizzle-orm";
import { arrestReferrals, people } from "#db/schema";
import { uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { summaryFields, tabAndSay } from "../keyboard";

const shots = "test-results/screens";

test("an officer makes a patrol referral from the keyboard, led by the error summary", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // A long story on a shared machine: room to finish, not a speed check.
  test.setTimeout(120_000);
  const familyName = uniqueName("Keyboard");
  await page.setViewportSize({ width: 390, height: 844 });
  await login({ email: "officer@pathway.example" });
  await page.goto("/police/patrol/new");
  await page.getByRole("button", { name: "Send referral" }).click();

  const summary = page.getByRole("alert");
  await expect(summary).toBeFocused();
  await checkA11y();
  await page.screenshot({ path: `${shots}/patrol-errors-390.png`, fullPage: true });
  expect(await summaryFields(summary)).toEqual([
    "Given name",
    "Family name",
    "Date of birth",
    "Help needed",
    "Area",
    "Service",
    "Consent",
  ]);

  await summary.getByRole("link", { name: /^Help needed:/ }).press("Enter");
  await expect(page.getByRole("group", { name: "What do they need help with?" })).toBeFocused();
  await summary.getByRole("link", { name: /^Consent:/ }).press("Enter");
  await expect(page.getByRole("checkbox", { name: /they agreed to be referred/ })).toBeFocused();
  await summary.getByRole("link", { name: /^Given name:/ }).press("Enter");
  await expect(page.getByLabel("Given name")).toBeFocused();

  const order: string[] = ["givenName"];
  await page.keyboard.type("Isla");
  order.push(await tabAndSay(page));
  await page.keyboard.type(familyName);
  for (const part of ["19", "8", "1991"]) {
    order.push(await tabAndSay(page));
    await page.keyboard.type(part);
  }
  order.push(await tabAndSay(page));
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Housing" })).toBeChecked();
  order.push(await tabAndSay(page));
  await page.getByLabel("Area").selectOption({ label: "Northfirth Council" });
  await expect(page.getByRole("radio", { name: /Harbour Housing/ }).first()).toBeVisible();
  await page.getByLabel("Area").focus();
  order.push(await tabAndSay(page));
  await page.keyboard.press("Space");
  for (let i = 0; i < 2; i++) order.push(await tabAndSay(page));
  await page.keyboard.press("Space");
  for (let i = 0; i < 4; i++) order.push(await tabAndSay(page));
  expect(order).toEqual([
    "givenName",
    "familyName",
    "dateOfBirthDay",
    "dateOfBirthMonth",
    "dateOfBirthYear",
    "needDomain=mental_health",
    "areaId",
    expect.stringMatching(/^serviceId=/),
    "note",
    "consentConfirmed",
    "consentMethod=verbal",
    "contactByPhone",
    "shareOutcomes",
    "Send referral",
  ]);
  await page.keyboard.press("Enter");
  await expect(page.getByText(/Referral sent\./)).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${shots}/patrol-sent-1280.png`, fullPage: true });

  const person = db.select().from(people).where(eq(people.familyName, familyName)).get()!;
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.personId, person.id)).get()!;
  expect(referral).toMatchObject({ source: "patrol", areaId: "la-northfirth" });
});
