import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, notifications, onwardReferrals, outcomeEvents } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { releaseCard } from "~/domain/onward-referrals.server";
import {
  cancelOnwardReferral,
  listOnwardReferralsForArrestReferral,
  outcomeLog,
  reportOutcome,
  reportOutcomes,
} from "~/domain/outcomes.server";
import { ukDateOf } from "~/utils/dates";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const serviceWorker = { userId: "user-service", organisationId: "org-nads", ipAddress: "127.0.0.1" };
const referrer = { userId: "user-worker", organisationId: "org-firth-recovery", ipAddress: "127.0.0.1" };
const today = ukDateOf(new Date());

const daysAgo = (n: number) => ukDateOf(new Date(Date.now() - n * 86400_000));

function world(status: "requested" | "accepted" | "in-progress" = "requested", referredDaysAgo = 0) {
  const db = createDemoWorldDb();
  const { referralId } = makeReferral(db);
  const onwardId = makeOnwardReferral(db, {
    referralId,
    serviceId: "svc-nads-treatment",
    status,
    daysAgo: referredDaysAgo,
  });
  const onward = () => db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onwardId)).get()!;
  const notificationsFor = (userId: string) =>
    db.select().from(notifications).where(eq(notifications.userId, userId)).all();
  return { db, referralId, onwardId, onward, notificationsFor };
}

describe("a service reports back", () => {
  it("accepts, books, sees the person attend, checks engagement and ends: each an event on the log", () => {
    // Reported as it happened, over six weeks: the 4-week check comes 28 days after the first appointment.
    const { db, onwardId, onward, notificationsFor } = world("requested", 42);
    const appointmentAt = `${daysAgo(35)}T10:00:00.000Z`;
    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "accepted", occurredOn: daysAgo(41) },
      { source: "web", expectedVersion: 1 },
    );
    expect(onward()).toMatchObject({ status: "accepted", version: 2 });
    expect(onward().respondedAt).not.toBeNull();

    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "appointment_booked", occurredOn: daysAgo(40), appointmentAt, place: "14 Harbour Road" },
      { source: "web" },
    );
    expect(onward()).toMatchObject({ status: "accepted", firstAppointmentAt: appointmentAt });
    // The card the person takes away says when and where.
    expect(releaseCard(db, onward().arrestReferralId)!.services.find((s) => s.id === onwardId)!.appointment).toEqual({
      at: appointmentAt,
      place: "14 Harbour Road",
    });

    reportOutcome(db, serviceWorker, onwardId, { kind: "attended", occurredOn: daysAgo(35) }, { source: "web" });
    expect(onward().status).toBe("in-progress");
    expect(onward().firstAttendedAt).not.toBeNull();

    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "engagement_check_4_weeks", occurredOn: today, engagement: "engaged" },
      { source: "web" },
    );
    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "ended", occurredOn: today, endReason: "completed", note: "Finished the programme" },
      { source: "web" },
    );
    expect(onward()).toMatchObject({
      status: "completed",
      statusReason: "completed",
      statusReasonText: "Finished the programme",
      version: 6,
    });
    expect(onward().endedAt).not.toBeNull();

    const log = outcomeLog(db, onwardId);
    expect(log.map((e) => e.kind)).toEqual([
      "accepted",
      "appointment_booked",
      "attended",
      "engagement_check_4_weeks",
      "ended",
    ]);
    expect(log.every((e) => e.reportedBy === "Priya Shah" && e.source === "web")).toBe(true);
    expect(
      db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.recordId, onwardId))
        .all()
        .map((a) => a.action),
    ).toEqual([
      "onward-referral.accepted",
      "onward-referral.appointment_booked",
      "onward-referral.attended",
      "onward-referral.engagement_check_4_weeks",
      "onward-referral.ended",
    ]);
    const told = notificationsFor("user-worker");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      kind: "onward_referral.ended",
      title: "Northfirth Drug and Alcohol Treatment ended a referral: completed as planned",
    });
  });

  it("a capacity decline keeps its reason and tells the referring worker", () => {
    const { db, onwardId, onward, notificationsFor, referralId } = world();
    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "declined", occurredOn: today, reason: "no_capacity" },
      { source: "web" },
    );
    expect(onward()).toMatchObject({ status: "rejected", statusReason: "no_capacity" });
    expect(onward().respondedAt).not.toBeNull();
    expect(notificationsFor("user-worker")).toMatchObject([
      {
        kind: "onward_referral.declined",
        title: "Northfirth Drug and Alcohol Treatment declined a referral: no capacity",
        link: `/worker/referrals/${referralId}`,
      },
    ]);
  });

  it("a transition the state machine does not allow is refused and nothing is written", () => {
    const { db, onwardId, onward } = world();
    expect(() =>
      reportOutcome(db, serviceWorker, onwardId, { kind: "attended", occurredOn: today }, { source: "web" }),
    ).toThrow(/“Attended” cannot be recorded while the referral is “Referred, waiting for the service”/);
    expect(onward()).toMatchObject({ status: "requested", version: 1 });
    expect(db.select().from(outcomeEvents).all()).toHaveLength(0);
  });

  it("a stale save is refused, saying what changed", () => {
    const { db, onwardId, onward } = world();
    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "accepted", occurredOn: today },
      { source: "web", expectedVersion: 1 },
    );
    let error: unknown;
    try {
      reportOutcome(
        db,
        serviceWorker,
        onwardId,
        { kind: "declined", occurredOn: today, reason: "duplicate" },
        { source: "web", expectedVersion: 1 },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(409);
    expect((error as DomainError).message).toMatch(
      /Priya Shah recorded “Accepted”.*It is now “Accepted by the service”/,
    );
    expect(onward().status).toBe("accepted");
  });

  it("the same import key twice counts once", () => {
    const { db, onwardId } = world();
    const first = reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "accepted", occurredOn: today },
      { source: "csv", importKey: "k1" },
    );
    const again = reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "accepted", occurredOn: today },
      { source: "csv", importKey: "k1" },
    );
    expect(first.skipped).toBe(false);
    expect(again.skipped).toBe(true);
    expect(db.select().from(outcomeEvents).all()).toHaveLength(1);
  });

  it("dates in the future or before the referral are refused", () => {
    const { db, onwardId } = world();
    expect(() =>
      reportOutcome(db, serviceWorker, onwardId, { kind: "accepted", occurredOn: "2099-01-01" }, { source: "web" }),
    ).toThrow(/in the future/);
    expect(() =>
      reportOutcome(db, serviceWorker, onwardId, { kind: "accepted", occurredOn: "2001-01-01" }, { source: "web" }),
    ).toThrow(/before the referral was made/);
  });

  it("a missed appointment and its re-booking are saved together, or not at all", () => {
    const { db, onwardId, onward } = world("accepted");
    reportOutcomes(
      db,
      serviceWorker,
      onwardId,
      [
        { kind: "did_not_attend", occurredOn: today },
        { kind: "appointment_booked", occurredOn: today, appointmentAt: "2030-02-01T09:00:00.000Z", place: "Clinic 2" },
      ],
      { source: "web" },
    );
    expect(outcomeLog(db, onwardId).map((e) => e.kind)).toEqual(["did_not_attend", "appointment_booked"]);
    expect(() =>
      reportOutcomes(
        db,
        serviceWorker,
        onwardId,
        [
          { kind: "did_not_attend", occurredOn: today },
          { kind: "resumed", occurredOn: today },
        ],
        { source: "web" },
      ),
    ).toThrow(DomainError);
    expect(outcomeLog(db, onwardId)).toHaveLength(2);
    expect(onward().version).toBe(3);
  });

  it("on hold and resumed: back to attending", () => {
    const { db, onwardId, onward } = world("in-progress");
    db.update(onwardReferrals)
      .set({ firstAttendedAt: new Date().toISOString() })
      .where(eq(onwardReferrals.id, onwardId))
      .run();
    reportOutcome(
      db,
      serviceWorker,
      onwardId,
      { kind: "on_hold", occurredOn: today, reasonText: "In hospital" },
      { source: "web" },
    );
    expect(onward()).toMatchObject({ status: "on-hold", statusReasonText: "In hospital" });
    reportOutcome(db, serviceWorker, onwardId, { kind: "resumed", occurredOn: today }, { source: "web" });
    expect(onward()).toMatchObject({ status: "in-progress", statusReason: null, statusReasonText: null });
  });
});

describe("the referrer cancels", () => {
  it("cancelling tells the service and closes the referral", () => {
    const { db, onwardId, onward, notificationsFor } = world("accepted");
    cancelOnwardReferral(db, referrer, onwardId, { reason: "withdrawn_by_referrer", reasonText: "Made twice" });
    expect(onward()).toMatchObject({
      status: "cancelled",
      statusReason: "withdrawn_by_referrer",
      statusReasonText: "Made twice",
    });
    expect(notificationsFor("user-service")).toMatchObject([
      { kind: "onward_referral.ended", link: `/service/referrals/${onwardId}` },
    ]);
    expect(() => cancelOnwardReferral(db, referrer, onwardId, "consent_withdrawn")).toThrow(/cannot be recorded/);
  });
});

describe("what the referring worker sees", () => {
  it("lists each onward referral with its status, the last event and who reported it, and whether it is overdue", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const fresh = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
    makeOnwardReferral(db, { referralId, serviceId: "svc-harbour-housing", status: "requested", daysAgo: 10 });
    reportOutcome(db, serviceWorker, fresh, { kind: "accepted", occurredOn: today }, { source: "web" });
    const list = listOnwardReferralsForArrestReferral(db, referralId);
    expect(list).toHaveLength(2);
    const housing = list.find((o) => o.serviceName === "Harbour Housing Advice")!;
    expect(housing).toMatchObject({
      status: "requested",
      serviceKind: "housing",
      lastEvent: null,
      overdue: { reason: "acknowledgement" },
    });
    const treatment = list.find((o) => o.id === fresh)!;
    expect(treatment).toMatchObject({
      status: "accepted",
      overdue: null,
      lastEvent: { kind: "accepted", reportedBy: "Priya Shah" },
    });
  });
});
