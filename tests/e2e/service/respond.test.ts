import { eq } from "drizzle-orm";
import { onwardReferrals } from "#db/schema";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../../support/factories";
import { expect, test } from "../fixtures";

function referralToNads(db: Parameters<typeof makeReferral>[0]) {
  const { referralId, offer } = makeReferral(db);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
  shareAssessmentWithService(db, onwardId, ["drugs"], {
    drugs: {
      level: "high",
      notes: "Uses heroin most days; wants a script",
      substances: ["opioids"],
      isInjecting: false,
    },
    housing: { level: "medium", notes: "Sofa-surfing at a cousin's (not shared)" },
    mental_health: { level: "low", concerns: "Low mood (not shared)" },
  });
  return { referralId, onwardId, offer };
}

test("a service accepts a referral, books the first appointment and records that the person attended", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // Axe on long pages is slow on a busy two-core machine.
  test.setTimeout(90_000);
  const { onwardId, offer } = referralToNads(db);
  await login("service_worker");

  await page.goto("/service/inbox?status=requested");
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  await checkA11y();
  await page.locator(`a[href="/service/referrals/${onwardId}"]`).filter({ visible: true }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Drugs referral" })).toBeVisible();
  await expect(page.getByText(`${offer.givenName} ${offer.familyName}`)).toBeVisible();
  await expect(page.getByText("Uses heroin most days; wants a script")).toBeVisible();
  // Sections the person did not agree to share never reach the page.
  const html = await page.content();
  expect(html).not.toContain("Sofa-surfing");
  expect(html).not.toContain("Low mood");
  await checkA11y();

  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(
    page.getByText(
      "Recorded: accepted. The referral was “Referred, waiting for the service” and is now “Accepted by the service”.",
    ),
  ).toBeVisible();
  await expect(page.getByText("Accepted by the service").first()).toBeVisible();

  // Attendance is recorded on or after the appointment's day: this one was first thing today.
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  const [year, month, day] = today.split("-").map(Number);
  await page.getByLabel("Appointment date and time", { exact: true }).fill(`${today}T00:05`);
  await page.getByLabel("Place", { exact: true }).fill("14 Harbour Road, Northfirth");
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(
    page.getByText("Recorded: first appointment booked. The referral is still “Accepted by the service”."),
  ).toBeVisible();
  const shown = new Date(Date.UTC(year, month - 1, day, 12)).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  await expect(page.getByText(`First appointment booked: ${shown}, 00:05, 14 Harbour Road, Northfirth`)).toBeVisible();

  await page.getByRole("radio", { name: "Attended" }).check();
  await page.getByRole("button", { name: "Record attendance" }).click();
  await expect(page.getByText(/^Recorded: attended\./)).toBeVisible();
  await expect(page.getByText("Attending", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/reported by Priya Shah/).first()).toBeVisible();
  await checkA11y();

  const saved = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onwardId)).get()!;
  expect(saved.status).toBe("in-progress");
  expect(saved.firstAppointmentAt).not.toBeNull();
  expect(saved.firstAttendedAt).not.toBeNull();
});

test("a missed appointment is recorded with its re-booking, and a decline needs a reason", async ({
  page,
  db,
  login,
}) => {
  const { onwardId } = referralToNads(db);
  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);

  await page.getByRole("button", { name: "Decline referral" }).click();
  await expect(page.getByRole("heading", { name: "There is a problem" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Reason: Choose why the referral is declined" })).toBeVisible();

  await page.getByRole("button", { name: "Accept referral" }).click();
  // Booking is the step expected next; recording attendance without one is under "Other updates".
  await page.getByText("Other updates").click();
  await page.getByRole("radio", { name: "Did not attend" }).check();
  await page.getByLabel("New appointment date and time").fill("2030-06-01T09:00");
  await page.getByLabel("New appointment place").fill("Kelmoor hub");
  await page.getByRole("button", { name: "Record attendance" }).click();
  await expect(
    page.getByText(
      "Recorded: did not attend and first appointment booked. The referral is still “Accepted by the service”.",
    ),
  ).toBeVisible();
  expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onwardId)).get()!.status).toBe("accepted");
});

test("a service worker of another organisation gets 404 for the referral", async ({ page, db, login, checkA11y }) => {
  const { onwardId } = referralToNads(db);
  await login({ email: "housing@pathway.example" });
  const response = await page.goto(`/service/referrals/${onwardId}`);
  expect(response?.status()).toBe(404);
  await checkA11y();
  await page.goto("/service/inbox?status=all");
  await expect(page.locator(`a[href="/service/referrals/${onwardId}"]`)).toHaveCount(0);
});

test("the inbox shows 50 referrals at a time, with counts of them all, and more on request", async ({
  page,
  login,
  checkA11y,
}) => {
  // Axe over 50 rows is slow on a busy two-core machine.
  test.setTimeout(90_000);
  await login("service_worker");
  await page.goto("/service/inbox");
  const list = page.getByRole("list", { name: "Onward referrals: open" });
  const summary = await page.getByText(/^\d+ referrals · \d+ waiting for an answer · \d+ overdue$/).textContent();
  const total = Number(summary!.split(" ")[0]);
  // The demo world gives the service more open referrals than one page holds.
  expect(total).toBeGreaterThan(50);
  await expect(list.getByRole("listitem")).toHaveCount(50);
  await expect(page.getByText(`Showing 50 of ${total}.`)).toBeVisible();
  await checkA11y();

  const more = Math.min(50, total - 50);
  await page.getByRole("link", { name: `Show ${more} more` }).click();
  await expect(page).toHaveURL(/shown=\d+/);
  await expect(list.getByRole("listitem")).toHaveCount(50 + more);
  // The keyboard carries on from the first referral added.
  await expect(list.locator('[data-inbox-row="50"]')).toBeFocused();
  await page.screenshot({ path: "test-results/inbox-show-more-desk.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/inbox-show-more-phone.png" });
});

test("screenshots of the inbox and the referral page, desktop and 375 px wide", async ({ page, db, login }) => {
  const { onwardId } = referralToNads(db);
  makeOnwardReferral(db, {
    referralId: makeReferral(db).referralId,
    serviceId: "svc-kelmoor-recovery",
    status: "in-progress",
    daysAgo: 35,
  });
  await login("service_worker");
  for (const [name, width] of [
    ["desktop", 1280],
    ["mobile", 375],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/service/inbox");
    await page.screenshot({ path: `tests/.tmp/screens/inbox-${name}.png` });
    await page.goto(`/service/referrals/${onwardId}`);
    await page.screenshot({ path: `tests/.tmp/screens/referral-${name}.png`, fullPage: name === "desktop" });
    await page.getByRole("heading", { name: "Decline the referral" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `tests/.tmp/screens/referral-${name}-forms.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/service/referrals/${onwardId}`);
  await page.getByRole("button", { name: "Accept referral" }).click();
  await page.getByText("Other updates").click();
  await page.getByRole("radio", { name: "Attended" }).check();
  await page.getByRole("button", { name: "Record attendance" }).click();
  await expect(page.getByText(/^Recorded: attended\./)).toBeVisible();
  await page.screenshot({ path: "tests/.tmp/screens/referral-attending-desktop.png", fullPage: true });
});
