import type { Db } from "#db/connection";
import { answersSchema } from "~/domain/assessments";
import { completeAssessment } from "~/domain/assessments.server";
import { createOnwardReferral } from "~/domain/onward-referrals.server";
import { claimReferral } from "~/domain/referrals.server";
import { giveOutcomeSharingConsent, makeReferral, uniqueCustodyReference, uniqueName } from "../../support/factories";
import { fillDateOfBirth, openCentre } from "../custody/support";
import { expect, test } from "../fixtures";

const jamie = { userId: "user-worker", organisationId: "org-firth-recovery", ipAddress: "127.0.0.1" };

/** A person Jamie has assessed and referred on to the Northfirth treatment service. */
function referredToTreatment(db: Db, names: { givenName: string; familyName: string; dateOfBirth: string }) {
  const { referralId, personId } = makeReferral(db, { centreId: "cc-northfirth", ...names });
  claimReferral(db, jamie, referralId);
  const result = completeAssessment(
    db,
    jamie,
    referralId,
    answersSchema.parse({ drugs: { level: "high" }, naloxone: "supplied" }),
    null,
  );
  if (!result.ok) throw new Error("assessment did not complete");
  const onwardId = createOnwardReferral(db, jamie, referralId, {
    serviceId: "svc-nads-treatment",
    needDomain: "drugs",
    priority: "routine",
    note: "Keen to start a script",
    sharedDomains: ["drugs"],
    consentConfirmed: true,
    consentMethod: "verbal",
    outOfAreaReason: undefined,
  });
  return { referralId, personId, onwardId };
}

test("what the service reports reaches the referring worker", async ({ page, context, db, login }) => {
  test.setTimeout(90_000);
  const names = { givenName: "Kirsty", familyName: uniqueName("Loop"), dateOfBirth: "1991-01-19" };
  const { referralId, onwardId } = referredToTreatment(db, names);

  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);
  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(page.getByText(/Recorded: accepted\./).first()).toBeVisible();
  // Attendance is recorded on or after the appointment's day: this one was first thing today.
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  await page.getByLabel("Appointment date and time", { exact: true }).fill(`${today}T00:05`);
  await page.getByLabel("Place", { exact: true }).fill("14 Harbour Road");
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByText(/Recorded: first appointment booked\./).first()).toBeVisible();
  await page.getByRole("radio", { name: "Attended" }).check();
  await page.getByRole("button", { name: "Record attendance" }).click();
  await expect(page.getByText(/Recorded: attended\./).first()).toBeVisible();

  await context.clearCookies();
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}`);
  const onward = page.getByRole("region", { name: "Onward referrals" });
  await expect(onward.getByText("Northfirth Drug and Alcohol Treatment")).toBeVisible();
  await expect(onward.getByText("Attending", { exact: true })).toBeVisible();
  await expect(onward.getByText(/Priya Shah/)).toBeVisible();
});

test("a returning person triggers the back-in-custody notification for the worker and the service", async ({
  page,
  context,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(90_000);
  const names = { givenName: "Darren", familyName: uniqueName("Back"), dateOfBirth: "1983-10-02" };
  const { personId } = referredToTreatment(db, names);
  giveOutcomeSharingConsent(db, personId);

  await login("custody_officer");
  await openCentre(page, "Kelmoor Custody Suite");
  await page.getByLabel("Family name").fill(names.familyName);
  await fillDateOfBirth(page, names.dateOfBirth);
  await page.getByRole("radio", { name: new RegExp(`Darren ${names.familyName}`) }).check();
  await page.getByLabel("Custody reference").fill(uniqueCustodyReference("KMC"));
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByText("Referral made.")).toBeVisible();

  for (const role of ["referral_worker", "service_worker"] as const) {
    await context.clearCookies();
    await login(role);
    await page.goto("/notifications");
    await expect(page.getByText(/Back in custody at Kelmoor Custody Suite/).first()).toBeVisible();
    await checkA11y();
  }
});
