// Issue 16.8: the service's referral page leads with the step expected next and folds the rest
// under "Other updates"; after each save it says what changed.
import { eq } from "drizzle-orm";
import { onwardReferrals } from "#db/schema";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../../support/factories";
import { expect, test } from "../fixtures";

function acceptedReferral(db: Parameters<typeof makeReferral>[0]) {
  const { referralId, offer } = makeReferral(db);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "accepted" });
  shareAssessmentWithService(db, onwardId, ["drugs"], {
    drugs: { level: "high", notes: "Wants a script", substances: ["opioids"], isInjecting: false },
  });
  return { onwardId, offer };
}

test("Priya opens a referral she accepted: booking the first appointment comes first, ending it is tucked away, and each save says what changed", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(90_000);
  const { onwardId } = acceptedReferral(db);
  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);

  const next = page.getByRole("region", { name: "Next step" });
  await expect(next.getByRole("heading", { name: "Book the first appointment" })).toBeVisible();
  // Ending, pausing or recording attendance are not what she is expected to do now.
  await expect(page.getByRole("button", { name: "End referral" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Put on hold" })).toBeHidden();
  await expect(page.getByText("Other updates")).toBeVisible();
  await checkA11y();

  // Attendance may be recorded only at or after the appointment: this one was first thing today.
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  await next.getByLabel("Appointment date and time", { exact: true }).fill(`${today}T00:05`);
  await next.getByRole("button", { name: "Book appointment" }).click();
  await expect(
    page.getByText("Recorded: first appointment booked. The referral is still “Accepted by the service”."),
  ).toBeVisible();
  await expect(page.getByText("Next: record attendance.")).toBeVisible();
  await expect(next.getByRole("heading", { name: "Record attendance" })).toBeVisible();

  await next.getByRole("radio", { name: "Attended" }).check();
  await next.getByRole("button", { name: "Record attendance" }).click();
  await expect(
    page.getByText("Recorded: attended. The referral was “Accepted by the service” and is now “Attending”."),
  ).toBeVisible();
  await expect(page.getByText("Next: record an engagement check.")).toBeVisible();

  // The other updates are still there when she needs one.
  await page.getByText("Other updates").click();
  await page.getByRole("radio", { name: "Moved away" }).check();
  await page.getByRole("button", { name: "End referral" }).click();
  await expect(page.getByText("Recorded: ended. The referral was “Attending” and is now “Disengaged”.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Closed" })).toBeVisible();
  expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onwardId)).get()!.status).toBe("failed");
  await checkA11y();
});

test("a referral on hold leads with resuming it", async ({ page, db, login }) => {
  const { onwardId } = acceptedReferral(db);
  db.update(onwardReferrals).set({ status: "on-hold" }).where(eq(onwardReferrals.id, onwardId)).run();
  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);
  await expect(page.getByRole("region", { name: "Next step" }).getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(page.getByRole("button", { name: "End referral" })).toBeHidden();
});

test("screenshots of the service referral page at 1280×800 and 390×844", async ({ page, db, login, checkA11y }) => {
  test.setTimeout(90_000);
  const { onwardId } = acceptedReferral(db);
  await login("service_worker");
  for (const [name, width, height] of [
    ["desktop", 1280, 800],
    ["phone", 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`/service/referrals/${onwardId}`);
    await page.screenshot({ path: `tests/.tmp/screens/h6-referral-${name}.png`, fullPage: true });
    await checkA11y();
  }
});
