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
  };
}

/** Opens the centre page as a custody officer already working there. */
export async function openCentre(page: Page, centreName = "Northfirth Central Custody") {
  await page.goto("/custody?choose=1");
  await page.getByLabel(centreName).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { level: 1, name: centreName }).waitFor();
}
