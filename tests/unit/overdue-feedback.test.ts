import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, onwardReferrals } from "#db/schema";
import { overdueFeedbackSpec } from "~/domain/metrics/headlines.server";
import { reportOutcome } from "~/domain/outcomes.server";
import {
  listOverdueForReferringWorker,
  listOverdueForServiceOrganisation,
  notifyOverdueFeedback,
} from "~/domain/overdue.server";
import { ukDateOf } from "~/utils/dates";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

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
