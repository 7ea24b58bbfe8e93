// The custody officer's form as it is used at a busy desk: short, in the right order, and
// doing what Enter suggests.
import { eq } from "drizzle-orm";
import { people } from "#db/schema";
import { uniqueCustodyReference, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { fillDateOfBirth, openCentre } from "./support";

for (const size of [
  { name: "desk", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
]) {
  test(`on a ${size.name} screen, consent and "Make referral" come before the optional fields, which are folded`, async ({
    page,
    login,
    checkA11y,
  }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await login("custody_officer");
    await openCentre(page);
    await page.getByRole("radio", { name: "Accepted" }).check();
    const button = page.getByRole("button", { name: "Make referral" });
    const consent = page.getByRole("checkbox", { name: /they agreed to see a worker/ });
    // The optional fields are folded away until asked for…
    await expect(page.getByRole("checkbox", { name: "Drugs" })).toBeHidden();
    await expect(page.getByLabel("What the worker must know for safety (optional)")).toBeHidden();
    // …and come after the consent and the button.
    const top = async (locator: typeof button) => (await locator.boundingBox())!.y;
    const details = page.getByText("Needs, safety and arrival time (optional)");
    expect(await top(consent)).toBeLessThan(await top(button));
    expect(await top(button)).toBeLessThan(await top(details));
    // Date of birth is three boxes, never the browser's date picker.
    await expect(page.locator('input[type="date"]')).toHaveCount(0);
    const dateOfBirth = page.getByRole("group", { name: "Date of birth" });
    await expect(dateOfBirth.getByLabel("Day")).toBeVisible();
    await expect(dateOfBirth.getByLabel("Month")).toBeVisible();
    await expect(dateOfBirth.getByLabel("Year")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`custody-form-${size.name}.png`), fullPage: true });
    await details.click();
    await expect(page.getByRole("checkbox", { name: "Drugs" })).toBeVisible();
    // One axe run with everything unfolded: the busy two-core machine makes each run slow.
    await checkA11y();
  });
}

test("Enter in a field makes the referral, not a silent check for earlier referrals", async ({ page, db, login }) => {
  await login("custody_officer");
  await openCentre(page);
  const familyName = uniqueName("Enter");
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Custody reference").fill(uniqueCustodyReference("NFC"));
  await page.getByLabel("Given name").fill("Isla");
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "1992-11-09");
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByLabel("Family name").press("Enter");
  await expect(page.getByText("Referral made.")).toBeVisible();
  expect(db.select().from(people).where(eq(people.familyName, familyName)).get()?.dateOfBirth).toBe("1992-11-09");
});

test("a date of birth with a missing month or a two-digit year is explained, and what was typed stays", async ({
  page,
  login,
  checkA11y,
}) => {
  await login("custody_officer");
  await openCentre(page);
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Family name").fill(uniqueName("Dates"));
  const dateOfBirth = page.getByRole("group", { name: "Date of birth" });
  await dateOfBirth.getByLabel("Day").fill("14");
  await dateOfBirth.getByLabel("Year").fill("1988");
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByRole("alert")).toContainText("The date of birth must include a month");
  await expect(dateOfBirth.getByLabel("Day")).toHaveValue("14");
  await checkA11y();
  await dateOfBirth.getByLabel("Month").fill("3");
  await dateOfBirth.getByLabel("Year").fill("88");
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the year of birth with 4 numbers, like 1988");
});
