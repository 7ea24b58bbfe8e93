// Steps that end more than one story: the receiving service finds the onward referral a worker
// sent, in its inbox by the person's name, accepts it, books the first appointment and records
// that the person attended — on its own pages, as the service's worker would.
import { expect } from "../fixtures";
import type { Page } from "@playwright/test";

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
