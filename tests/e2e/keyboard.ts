// Going through a form from the keyboard, as a test reads it back: what has focus, in words, and
// which fields an error summary names, in its order.
import type { Locator, Page } from "@playwright/test";

/** What has focus: a radio as name=value, a button by its words, a field by its name (or #id). */
export async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return "";
    if (el.type === "radio") return `${el.name}=${el.value}`;
    // A button by its words: several share the name "intent".
    if (el.tagName === "BUTTON") return (el.textContent ?? "").trim();
    if (el.name) return el.name;
    if (el.id) return `#${el.id}`;
    return (el.textContent ?? "").trim();
  });
}

/** Tab once, and say what has focus. */
export async function tabAndSay(page: Page) {
  await page.keyboard.press("Tab");
  return focused(page);
}

/** The fields an error summary names, in its order (each link reads "Field: message"). */
export async function summaryFields(summary: Locator) {
  return (await summary.getByRole("link").allTextContents()).map((t) => t.slice(0, t.indexOf(":")));
}
