// Steps more than one story takes, on the pages as people would: a worker assesses the person and
// refers them on; the receiving service finds that onward referral in its inbox by the person's
// name, accepts it, books the first appointment and records that the person attended.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { needsAssessments, onwardReferrals } from "#db/schema";
import { expect } from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * Signed in as the referral's worker, with the person's consent recorded: a high drug need with
 * naloxone supplied, the assessment completed, and a referral to `service` with the sections
 * shared. Returns the referral's onward referrals.
 */
export async function workerAssessesAndRefersOn(
  page: Page,
  db: Db,
  referralId: string,
  service = "Northfirth Drug and Alcohol Treatment",
) {
  await page.getByRole("link", { name: /Start the needs assessment/ }).click();
  await page.getByRole("region", { name: "Drugs" }).getByRole("radio", { name: "High" }).check();
  await page.getByRole("region", { name: "Naloxone" }).getByRole("radio", { name: "Supplied" }).check();
  // The form saves a draft a moment after each change, and says so.
  await expect
    .poll(() =>
      JSON.stringify(
        db.select().from(needsAssessments).where(eq(needsAssessments.arrestReferralId, referralId)).get()?.answers ??
          {},
      ),
    )
    .toContain("supplied");
  await expect(page.getByText(/^Draft saved at/)).toBeVisible();
  await page.getByRole("button", { name: "Check your answers" }).click();
  await page.getByRole("button", { name: "Complete the assessment" }).click();
  await expect(page.getByText("Assessment completed.")).toBeVisible();

  await page.goto(`/worker/referrals/${referralId}/onward`);
  await page.getByRole("link", { name: `Refer to ${service}` }).click();
  await page.getByRole("checkbox", { name: "The person agreed to share these sections with this service" }).check();
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByText(`Referral to ${service} sent.`)).toBeVisible();
  return db.select().from(onwardReferrals).where(eq(onwardReferrals.arrestReferralId, referralId)).all();
}

/** Signed in as the service's worker: `onwardId` is the referral the worker sent. */
export async function serviceReportsAttendance(page: Page, person: string, onwardId: string) {
  await page.goto("/service/inbox");
  await page.getByRole("searchbox", { name: "Find a person" }).fill(person);
  await page.getByRole("button", { name: "Search" }).click();
  const found = page.getByRole("list", { name: /^Onward referrals/ }).getByRole("link", { name: new RegExp(person) });
  await expect(found).toHaveCount(1);
  // The one the inbox shows for this person is the one the worker sent.
  await expect(found).toHaveAttribute("href", `/service/referrals/${onwardId}`);
  await found.click();
  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(page.getByText(/^Recorded: accepted\./)).toBeVisible();
  // Attendance is recorded on or after the appointment's day: this one was first thing today.
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  await page.getByLabel("Appointment date and time", { exact: true }).fill(`${today}T00:05`);
  await page.getByLabel("Place", { exact: true }).fill("14 Harbour Road, Northfirth");
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByText(/^Recorded: first appointment booked\./)).toBeVisible();
  await page.getByRole("radio", { name: "Attended" }).check();
  await page.getByRole("button", { name: "Record attendance" }).click();
  await expect(page.getByText(/^Recorded: attended\./)).toBeVisible();
}
