// Dates that make sense: whichever door a service uses (its page or its system through the
// FHIR API), attendance cannot come before the appointment nor a 4-week check on the day of
// referral. One rule set decides (app/domain/outcome-timeline.ts).
import { eq } from "drizzle-orm";
import { onwardReferrals, outcomeEvents, users } from "#db/schema";
import { createApiKey } from "~/domain/api-keys.server";
import { SYSTEMS } from "~/domain/fhir/codes";
import { reportOutcomes } from "~/domain/outcomes.server";
import { makeOnwardReferral, makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

const ukDate = (daysFromToday: number) =>
  new Date(Date.now() + daysFromToday * 86400_000).toLocaleDateString("en-CA", { timeZone: "Europe/London" });
const service = { userId: "user-service", organisationId: "org-nads", ipAddress: "127.0.0.1" };

test("a service worker cannot record attendance today for an appointment booked for tomorrow", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const { referralId } = makeReferral(db);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);
  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(page.getByText(/Recorded: accepted\./).first()).toBeVisible();
  await page.getByLabel("Appointment date and time", { exact: true }).fill(`${ukDate(1)}T10:30`);
  await page.getByLabel("Place", { exact: true }).fill("14 Harbour Road");
  await page.getByRole("button", { name: "Book appointment" }).click();
  await expect(page.getByText(/Recorded: first appointment booked\./).first()).toBeVisible();

  await page.getByRole("radio", { name: "Attended" }).check();
  await page.getByRole("button", { name: "Record attendance" }).click();
  await expect(page.getByRole("alert")).toContainText("Attendance cannot be recorded before the appointment on");
  await checkA11y();
  const saved = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onwardId)).get()!;
  expect(saved.status).toBe("accepted");
  expect(saved.firstAttendedAt).toBeNull();
});

test("a service's system cannot report 'engaged at 4 weeks' on the day of referral through the API", async ({
  db,
  request,
}) => {
  const { referralId } = makeReferral(db);
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
  // Accepted, seen and attending today, as the service's page would record it.
  reportOutcomes(
    db,
    service,
    onwardId,
    [
      { kind: "accepted", occurredOn: ukDate(0) },
      { kind: "attended", occurredOn: ukDate(0) },
    ],
    { source: "web" },
  );
  const admin = db.select().from(users).where(eq(users.email, "admin@pathway.example")).get()!;
  const { key } = createApiKey(
    db,
    { userId: admin.id, organisationId: admin.organisationId, ipAddress: "127.0.0.1" },
    { organisationId: "org-nads", name: "Timeline test" },
  );

  const response = await request.patch(`/api/fhir/Task/${onwardId}`, {
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json-patch+json" },
    data: JSON.stringify([
      {
        op: "add",
        path: "/output/-",
        value: {
          type: { coding: [{ system: SYSTEMS.outcomeEvent, code: "engagement_check_4_weeks" }] },
          valueCodeableConcept: { coding: [{ system: SYSTEMS.engagement, code: "engaged" }] },
        },
      },
    ]),
  });
  expect(response.status()).toBe(422);
  const outcome = await response.json();
  expect(outcome.resourceType).toBe("OperationOutcome");
  expect(JSON.stringify(outcome)).toContain("The 4-week check is 28 days after the referral");
  const kinds = db
    .select({ kind: outcomeEvents.kind })
    .from(outcomeEvents)
    .where(eq(outcomeEvents.onwardReferralId, onwardId))
    .all()
    .map((e) => e.kind);
  expect(kinds).not.toContain("engagement_check_4_weeks");
});
