// The commissioner's first screen answers before it asks: the period it shows and why, the
// headline figures against earlier periods, then the funnel with custody's counts beside it.
import { expect, test } from "../fixtures";

const sizes = [
  { name: "desk", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

for (const size of sizes) {
  test(`the first screen answers a commissioner's questions (${size.name})`, async ({
    page,
    login,
    checkA11y,
  }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await login("commissioner");
    await page.goto("/commissioner");

    // The default period says why it was chosen.
    await expect(
      page.getByText("This is the latest financial year that ended at least three months ago"),
    ).toBeVisible();
    const headlines = page.locator("section#headlines");
    await expect(headlines.getByRole("heading", { name: "The figures at a glance" })).toBeVisible();
    for (const title of [
      "Referral rate",
      "Seen in custody",
      "Onward referrals accepted",
      "First appointments attended",
      "Engaged at 12 weeks",
      "Started treatment within 3 weeks",
      "Feedback completeness",
      "Back in custody within 90 days: engaged",
      "Back in custody within 90 days: did not engage",
    ])
      await expect(headlines.getByRole("heading", { level: 3, name: title, exact: true })).toBeVisible();
    await expect(headlines.getByText("Inspection's reference: about 1%")).toBeVisible();
    await expect(headlines.getByText("Standard: 90%")).toBeVisible();
    await expect(headlines.getByText(/^Disclosed at booking: drugs \d/)).toBeVisible();
    // A financial year is compared with the year before (which is also the previous year).
    await expect(headlines.getByText(/^Year before \(April 20\d\d to March 20\d\d\)$/).first()).toBeVisible();
    await expect(
      headlines.getByText(/seen only when the person is booked into a custody centre that uses Pathway/),
    ).toBeVisible();
    // No small number reaches the page: every count shown is 0 or at least 5.
    const texts = await headlines.locator("li p").allInnerTexts();
    for (const text of texts)
      for (const n of text.match(/(?<![\d.])\d+(?![\d.%])/g) ?? []) expect([1, 2, 3, 4]).not.toContain(Number(n));
    await page.screenshot({ path: testInfo.outputPath(`first-screen-${size.name}.png`) });

    // The funnel holds only steps that are parts of the one before; custody is beside it.
    const funnel = page.locator("section#funnel");
    await expect(funnel.getByRole("img", { name: "From referral to engagement" })).toBeVisible();
    await expect(funnel.getByRole("complementary", { name: "In custody in the same months" })).toBeVisible();
    await expect(funnel.getByRole("rowheader", { name: "Disclosed drug, alcohol or mental-health need" })).toHaveCount(
      0,
    );
    // Overdue feedback by service, linked from the feedback tile.
    await headlines.getByRole("link", { name: "by service" }).click();
    await expect(page.getByRole("heading", { name: "Feedback overdue now, by service" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`first-screen-${size.name}-full.png`), fullPage: true });
    await checkA11y();
  });
}
