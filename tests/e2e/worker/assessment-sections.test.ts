// Issue 16 item 12: the assessment is long; the worker needs a way round it, custody's notes in
// it, and a last look before completing.
import { eq } from "drizzle-orm";
import { needsAssessments } from "#db/schema";
import { claimReferral } from "~/domain/referrals.server";
import { makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

const jamie = { userId: "user-worker", organisationId: "org-firth-recovery", ipAddress: "127.0.0.1" };

test("Jamie jumps between sections from an index that stays in view, sees what custody recorded, and checks the answers before completing", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // The whole assessment, twice through the check page, with two axe checks.
  test.setTimeout(90_000);
  const { referralId } = makeReferral(db, { centreId: "cc-kelmoor", disclosedNeeds: ["housing", "mental_health"] });
  claimReferral(db, jamie, referralId);
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}/assessment`);

  const index = page.getByRole("navigation", { name: "Sections of the assessment" });
  await expect(index.getByRole("link", { name: /Housing.*disclosed in custody/ })).toBeVisible();
  await expect(index.getByRole("link", { name: /Money and debt/ })).not.toContainText("disclosed in custody");
  await index.getByRole("link", { name: /Justice/ }).click();
  await expect(page.getByRole("heading", { name: "Justice", exact: true })).toBeInViewport();
  await expect(index).toBeInViewport();
  await expect(page.getByRole("region", { name: "Housing", exact: true })).toContainText("Custody recorded this need");
  await checkA11y();

  await page.getByRole("region", { name: "Housing", exact: true }).getByRole("radio", { name: "High" }).check();
  await page
    .getByRole("region", { name: "Housing", exact: true })
    .getByRole("radio", { name: "Rough sleeping" })
    .check();
  await page.getByRole("region", { name: "Naloxone" }).getByRole("radio", { name: "Not applicable" }).check();
  await page.getByRole("button", { name: "Check your answers" }).click();

  await expect(page.getByRole("heading", { name: "Check your answers" })).toBeVisible();
  await expect(page.getByRole("region", { name: /Housing: High/ })).toContainText("Rough sleeping");
  expect(
    db.select().from(needsAssessments).where(eq(needsAssessments.arrestReferralId, referralId)).get()?.status,
  ).toBe("draft");
  await checkA11y();
  await page.getByRole("link", { name: "Change Housing" }).click();
  await expect(
    page.getByRole("region", { name: "Housing", exact: true }).getByRole("radio", { name: "Rough sleeping" }),
  ).toBeChecked();
  await page.getByRole("button", { name: "Check your answers" }).click();
  await page.getByRole("button", { name: "Complete the assessment" }).click();
  await expect(page.getByText("Assessment completed.")).toBeVisible();
  expect(
    db.select().from(needsAssessments).where(eq(needsAssessments.arrestReferralId, referralId)).get()?.housingLevel,
  ).toBe("high");
});

test("checking the answers while a draft is still being saved waits for that save, and is not refused as someone else's", async ({
  page,
  db,
  login,
}) => {
  test.setTimeout(90_000);
  const { referralId } = makeReferral(db, { centreId: "cc-kelmoor", disclosedNeeds: ["housing"] });
  claimReferral(db, jamie, referralId);
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}/assessment`);
  // The draft save is held on its way to the server until the worker has asked to check.
  let releaseDraft = () => {};
  const draftHeld = new Promise<void>((resolve) => (releaseDraft = resolve));
  let draftSeen = false;
  await page.route(`**/worker/referrals/${referralId}/assessment**`, async (route) => {
    if (route.request().method() === "POST" && (route.request().postData() ?? "").includes("save-draft")) {
      draftSeen = true;
      await draftHeld;
    }
    await route.continue();
  });
  await page.getByRole("region", { name: "Housing", exact: true }).getByRole("radio", { name: "High" }).check();
  await page.getByRole("region", { name: "Naloxone" }).getByRole("radio", { name: "Not applicable" }).check();
  await expect(page.getByText("Saving draft…")).toBeVisible();
  expect(draftSeen).toBe(true);
  await page.getByRole("button", { name: "Check your answers" }).click();
  releaseDraft();
  await expect(page.getByRole("heading", { name: "Check your answers" })).toBeVisible();
  await expect(page.getByText(/saved from another page or by someone else/)).toHaveCount(0);
  await expect(page.getByRole("region", { name: /Housing: High/ })).toBeVisible();
});
