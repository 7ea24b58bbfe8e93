import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { arrestReferrals, notifications, onwardReferrals } from "#db/schema";
import { overdueFeedbackSpec } from "~/domain/metrics/headlines.server";
import { reloadOpenOnwardReferrals } from "~/domain/metrics/open-onward.server";
import { centreInAreas, countedReferral } from "~/domain/metrics/scope.server";
import { OPEN_ONWARD_STATUSES } from "~/domain/onward-referral-states";
import { reportOutcome } from "~/domain/outcomes.server";
import {
  listOverdueForReferringWorker,
  listOverdueForServiceOrganisation,
  notifyOverdueFeedback,
  overdueCondition,
  overdueSettings,
} from "~/domain/overdue.server";
import { ukDateOf } from "~/utils/dates";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoCasesDb, createDemoWorldDb } from "../support/test-db";

describe("overdue feedback in the database", () => {
  it("lists what is overdue for the service organisation and for the referring worker, and nothing of others", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const late = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-nads-treatment",
      status: "requested",
      daysAgo: 7,
    });
    makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
    const quiet = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-kelmoor-recovery",
      status: "in-progress",
      daysAgo: 40,
    });
    makeOnwardReferral(db, { referralId, serviceId: "svc-kelmoor-recovery", status: "completed", daysAgo: 40 });
    const housing = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-harbour-housing",
      status: "accepted",
      daysAgo: 30,
    });

    const forNads = listOverdueForServiceOrganisation(db, "org-nads");
    expect(forNads.map((r) => [r.id, r.overdue.reason]).sort()).toEqual(
      [
        [late, "acknowledgement"],
        [quiet, "feedback"],
      ].sort(),
    );
    expect(listOverdueForServiceOrganisation(db, "org-harbour-housing").map((r) => r.id)).toEqual([housing]);
    expect(listOverdueForReferringWorker(db, "user-worker")).toHaveLength(3);
    expect(listOverdueForReferringWorker(db, "user-worker-west")).toHaveLength(0);
  });

  it("notifies the service's workers and the referring worker once for each referral", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const late = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-nads-treatment",
      status: "requested",
      daysAgo: 7,
    });
    expect(notifyOverdueFeedback(db)).toEqual({ notified: 1 });
    expect(notifyOverdueFeedback(db)).toEqual({ notified: 0 });
    const service = db.select().from(notifications).where(eq(notifications.userId, "user-service")).all();
    const worker = db.select().from(notifications).where(eq(notifications.userId, "user-worker")).all();
    expect(service).toMatchObject([
      { kind: "feedback.overdue", link: `/service/referrals/${late}#overdue-acknowledgement` },
    ]);
    expect(service[0].title).toMatch(
      /^Please accept or decline: drugs referral to Northfirth Drug and Alcohol Treatment, received /,
    );
    expect(worker).toMatchObject([
      { kind: "feedback.overdue", link: `/worker/referrals/${referralId}#overdue-${late}-acknowledgement` },
    ]);
    // No personal data in either title.
    expect(JSON.stringify([...service, ...worker])).not.toMatch(/Test|Person/);

    // Accepted but silent for 28 days is a second, different lapse: told once more.
    const longAgo = new Date(Date.now() - 30 * 86400_000).toISOString();
    db.update(onwardReferrals)
      .set({ status: "accepted", lastOutcomeAt: longAgo, respondedAt: longAgo })
      .where(eq(onwardReferrals.id, late))
      .run();
    expect(notifyOverdueFeedback(db)).toEqual({ notified: 1 });
    expect(notifyOverdueFeedback(db)).toEqual({ notified: 0 });
    expect(db.select().from(notifications).where(eq(notifications.userId, "user-worker")).all()).toHaveLength(2);
  });

  it("counts overdue feedback for the dashboard again as soon as a service answers, though a count is kept", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const late = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-nads-treatment",
      status: "requested",
      daysAgo: 9,
    });
    const overdueFor = () =>
      overdueFeedbackSpec(db, {
        areaIds: "all",
        from: "2025-04-01",
        to: "2026-03-31",
        breakdown: "none",
        now: new Date(),
      }).rows.find((r) => r.label === "Northfirth Drug and Alcohol Treatment")?.values.overdue;
    const before = overdueFor();
    expect(before).toBeGreaterThanOrEqual(1);
    const serviceWorker = { userId: "user-service", organisationId: "org-nads", ipAddress: "127.0.0.1" };
    reportOutcome(db, serviceWorker, late, { kind: "accepted", occurredOn: ukDateOf(new Date()) }, { source: "web" });
    expect(overdueFor()).toBe(before! - 1);
  });
});

describe("overdue feedback on the dashboard, from the open onward referrals held in memory", () => {
  const filterFor = (areaIds: "all" | string[]) => ({
    areaIds,
    from: "2025-04-01",
    to: "2026-03-31",
    breakdown: "none" as const,
    now: new Date(),
  });
  const shown = (db: Db, areaIds: "all" | string[] = "all") =>
    Object.fromEntries(
      overdueFeedbackSpec(db, filterFor(areaIds)).rows.map((r) => [r.key, [r.values.overdue, r.values.overdue_key]]),
    );
  /** The rule as the services' inboxes count it, in SQL over every onward referral. */
  const counted = (db: Db, areaIds: "all" | string[] = "all") => {
    const now = new Date();
    const rows = db.all<{ serviceId: string; overdue: number; overdueKey: number }>(sql`
      SELECT onward_referrals.service_id AS serviceId,
        sum(CASE WHEN ${overdueCondition(now, overdueSettings(db, now))} THEN 1 ELSE 0 END) AS overdue,
        sum(CASE WHEN ${overdueCondition(now, overdueSettings(db, now))} THEN coalesce(onward_referrals.record_key, 0) ELSE 0 END) AS overdueKey
      FROM onward_referrals JOIN arrest_referrals ar ON ar.id = onward_referrals.arrest_referral_id
      WHERE ${inArray(onwardReferrals.status, [...OPEN_ONWARD_STATUSES])} AND ${countedReferral("ar")}
        AND ${centreInAreas({ areaIds }, sql.raw("ar.custody_centre_id"))}
      GROUP BY 1`);
    return Object.fromEntries(rows.map((r) => [r.serviceId, [r.overdue, r.overdueKey]]));
  };

  it("counts what the services' inboxes count, for every service and for one area", () => {
    const db = createDemoCasesDb();
    expect(Object.keys(shown(db)).length).toBeGreaterThan(3);
    expect(shown(db)).toEqual(counted(db));
    expect(Object.keys(shown(db, ["la-northfirth"])).length).toBeLessThan(Object.keys(shown(db)).length);
    expect(Object.keys(shown(db, ["la-northfirth"])).length).toBeGreaterThan(0);
    expect(shown(db, ["la-northfirth"])).toEqual(counted(db, ["la-northfirth"]));
  });

  it("counts a referral added with a time before the newest change, and one changed late", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
    const before = shown(db)["svc-nads-treatment"][0]!;
    // Sent 40 days ago, recorded now (an import): newer than nothing by its time.
    const old = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-nads-treatment",
      status: "accepted",
      daysAgo: 40,
    });
    expect(shown(db)["svc-nads-treatment"][0]).toBe(before + 1);
    // A change stamped half a minute before the newest one seen, committed after it.
    const stamp = new Date(Date.now() - 30_000).toISOString();
    db.update(onwardReferrals).set({ status: "completed", updatedAt: stamp }).where(eq(onwardReferrals.id, old)).run();
    expect(shown(db)["svc-nads-treatment"][0]).toBe(before);
    expect(shown(db)).toEqual(counted(db));
  });

  it("leaves out a referral recorded in error once the list is read again", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "accepted", daysAgo: 40 });
    const before = shown(db)["svc-nads-treatment"][0]!;
    db.update(arrestReferrals)
      .set({ state: "closed", closureReason: "recorded_in_error" })
      .where(eq(arrestReferrals.id, referralId))
      .run();
    reloadOpenOnwardReferrals(db);
    expect(shown(db)["svc-nads-treatment"]?.[0] ?? 0).toBe(before - 1);
    expect(shown(db)).toEqual(counted(db));
  });

  it("reads only the open ones, through an index whose condition is the open statuses word for word", () => {
    const db = createDemoWorldDb();
    const index = db.get<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE name = 'onward_referrals_open'`)!;
    expect(index.sql).toContain(`IN (${OPEN_ONWARD_STATUSES.map((s) => `'${s}'`).join(", ")})`);
    // INDEXED BY fails when SQLite cannot use the index: reading the list proves it can.
    expect(() => reloadOpenOnwardReferrals(db)).not.toThrow();
  });
});
