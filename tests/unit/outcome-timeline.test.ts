// The one rule set for when an outcome event may have happened, and the doors that use it.
import { describe, expect, it } from "vitest";
import { importOutcomeCsv } from "~/domain/outcome-csv.server";
import { outcomeTimelineProblem, type TimelineEvent } from "~/domain/outcome-timeline";
import { reportOutcome } from "~/domain/outcomes.server";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const now = new Date("2027-03-01T15:00:00Z");
const referralCreatedAt = "2026-10-01T09:00:00.000Z";
const booked = (appointmentAt: string): TimelineEvent => ({
  kind: "appointment_booked",
  occurredOn: "2026-10-02",
  detail: { appointmentAt, place: "Hub" },
});
const problem = (event: TimelineEvent, earlier: TimelineEvent[] = []) =>
  outcomeTimelineProblem({ referralCreatedAt, earlier, event, now })?.message ?? null;

describe("when an outcome event may have happened", () => {
  it("nothing in the future, nothing before the referral", () => {
    expect(problem({ kind: "accepted", occurredOn: "2027-03-02" })).toMatch(/in the future/);
    expect(problem({ kind: "accepted", occurredOn: "2026-09-30" })).toMatch(
      /before the referral was made \(1 Oct 2026\)/,
    );
    expect(problem({ kind: "accepted", occurredOn: "2026-10-01" })).toBeNull();
    expect(problem(booked("2026-09-20T10:00:00.000Z"))).toMatch(/appointment is before the referral/);
  });

  it("attended or did not attend only on or after the appointment booked last", () => {
    const earlier = [booked("2026-12-08T10:00:00.000Z")];
    expect(problem({ kind: "attended", occurredOn: "2026-12-07" }, earlier)).toBe(
      "Attendance cannot be recorded before the appointment on 8 Dec 2026: record it on or after that day.",
    );
    const missed = [booked("2026-11-03T10:00:00.000Z")];
    expect(problem({ kind: "did_not_attend", occurredOn: "2026-11-02" }, missed)).toMatch(
      /A missed appointment cannot be recorded before/,
    );
    expect(problem({ kind: "did_not_attend", occurredOn: "2026-11-03" }, missed)).toBeNull();
    // Re-booked: attendance answers the new appointment.
    const rebooked = [...missed, booked("2026-11-20T10:00:00.000Z")];
    expect(problem({ kind: "attended", occurredOn: "2026-11-10" }, rebooked)).toMatch(/20 Nov 2026/);
    // The UK date counts: 00:30 on 11 October (summer time) is 10 October in UTC.
    expect(problem({ kind: "attended", occurredOn: "2026-10-10" }, [booked("2026-10-10T23:30:00.000Z")])).toMatch(
      /appointment on 11 Oct 2026/,
    );
  });

  it("the 4-week check from 28 days after the first appointment or, with none, the referral; the 12-week from 84", () => {
    expect(problem({ kind: "engagement_check_4_weeks", occurredOn: "2026-10-28" })).toBe(
      "The 4-week check is 28 days after the referral (1 Oct 2026): record it on or after 29 Oct 2026.",
    );
    expect(problem({ kind: "engagement_check_4_weeks", occurredOn: "2026-10-29" })).toBeNull();
    const earlier = [
      booked("2026-10-10T10:00:00.000Z"),
      { kind: "attended", occurredOn: "2026-10-10" } as TimelineEvent,
    ];
    expect(problem({ kind: "engagement_check_4_weeks", occurredOn: "2026-11-06" }, earlier)).toMatch(
      /after the first appointment \(10 Oct 2026\): record it on or after 7 Nov 2026/,
    );
    expect(problem({ kind: "engagement_check_4_weeks", occurredOn: "2026-11-07" }, earlier)).toBeNull();
    expect(problem({ kind: "engagement_check_12_weeks", occurredOn: "2027-01-01" }, earlier)).toMatch(
      /on or after 2 Jan 2027/,
    );
  });
});

describe("every door asks the same rule set", () => {
  const serviceWorker = { userId: "user-service", organisationId: "org-nads", ipAddress: "127.0.0.1" };
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  const tomorrowAt = `${new Date(Date.now() + 86400_000).toLocaleDateString("en-CA", { timeZone: "Europe/London" })}T10:00:00.000Z`;

  function acceptedAndBookedForTomorrow() {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
    reportOutcome(db, serviceWorker, onwardId, { kind: "accepted", occurredOn: today }, { source: "web" });
    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "appointment_booked", occurredOn: today, appointmentAt: tomorrowAt, place: "Hub" },
      { source: "web" },
    );
    return { db, onwardId };
  }

  it("the service's page", () => {
    const { db, onwardId } = acceptedAndBookedForTomorrow();
    expect(() =>
      reportOutcome(db, serviceWorker, onwardId, { kind: "attended", occurredOn: today }, { source: "web" }),
    ).toThrow(/Attendance cannot be recorded before the appointment/);
  });

  it("the CSV upload, as a problem on the row", () => {
    const { db, onwardId } = acceptedAndBookedForTomorrow();
    const csv = [
      "onward_referral_id,event,date,appointment_time,place,reason,engagement,note",
      `${onwardId},attended,${today},,,,,`,
    ].join("\n");
    const result = importOutcomeCsv(db, serviceWorker, new Set(["svc-nads-treatment"]), csv);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain("Attendance cannot be recorded before the appointment");
  });
});
