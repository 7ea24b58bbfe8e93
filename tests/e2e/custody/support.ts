import type { Locator, Page } from "@playwright/test";

/** Counts what a person at the desk does: each field filled, box ticked or button pressed is one input. */
export function inputCounter() {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async fill(locator: Locator, value: string) {
      count += 1;
      await locator.fill(value);
    },
    async click(locator: Locator) {
      count += 1;
      await locator.click();
    },
    async check(locator: Locator) {
      count += 1;
      await locator.check();
    },
    /** The three date of birth boxes are one question, typed as one date: one input. */
    async fillDateOfBirth(page: Page, isoDate: string) {
      count += 1;
      await fillDateOfBirth(page, isoDate);
    },
  };
}

/** Types a YYYY-MM-DD date into the custody form's day, month and year boxes. */
export async function fillDateOfBirth(page: Page, isoDate: string) {
  const [year, month, day] = isoDate.split("-");
  const group = page.getByRole("group", { name: "Date of birth" });
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year);
}

/** Opens the folded needs, safety and arrival time fields. */
export async function openMoreDetails(page: Page) {
  await page.getByText("Needs, safety and arrival time (optional)").click();
}

/** Opens the centre page as a custody officer already working there. */
export async function openCentre(page: Page, centreName = "Northfirth Central Custody") {
  await page.goto("/custody?choose=1");
  await page.getByLabel(centreName).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { level: 1, name: centreName }).waitFor();
}
