// The worker's pages at a desk and on a phone: saved for a person to look at, and checked by axe.
import { recordRelease } from "~/domain/custody.server";
import { claimReferral } from "~/domain/referrals.server";
import { makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

const jamie = { userId: "user-worker", organisationId: "org-firth-recovery", ipAddress: "127.0.0.1" };

for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test(`queue, case, assessment, check page, search and notifications at ${width}×${height}`, async ({
    page,
    db,
    login,
    checkA11y,
  }) => {
    test.setTimeout(90_000);
    const { referralId } = makeReferral(db, {
      centreId: "cc-northfirth",
      givenName: "Euan",
      disclosedNeeds: ["drugs", "housing"],
      contactAfterRelease: true,
      phone: "07700900456",
    });
    recordRelease(db, jamie, referralId, new Date().toISOString());
    claimReferral(db, jamie, referralId);
    await page.setViewportSize({ width, height });
    await login("referral_worker");
    const shoot = async (name: string) => {
      await checkA11y();
      await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: false });
    };
    await page.goto("/worker/queue");
    await shoot("queue");
    await page.goto(`/worker/referrals/${referralId}`);
    await shoot("case");
    await page.goto(`/worker/referrals/${referralId}/assessment`);
    await shoot("assessment");
    await page
      .getByRole("navigation", { name: "Sections of the assessment" })
      .getByRole("link", { name: /Housing/ })
      .click();
    await page.getByRole("region", { name: "Housing", exact: true }).getByRole("radio", { name: "High" }).check();
    await page.getByRole("region", { name: "Drugs", exact: true }).getByRole("radio", { name: "Low" }).check();
    await page.getByRole("region", { name: "Naloxone" }).getByRole("radio", { name: "Offered, not taken" }).check();
    await shoot("assessment-housing");
    await page.getByRole("button", { name: "Check your answers" }).click();
    await expect(page.getByRole("heading", { name: "Check your answers" })).toBeVisible();
    await shoot("check-answers");
    await page.goto("/search");
    await page.getByLabel("Name", { exact: true }).fill("Euan");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("heading", { name: /match/ })).toBeVisible();
    await shoot("search");
    await page.goto("/notifications");
    await shoot("notifications");
  });
}
