import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { arrestReferrals, consents, notifications } from "#db/schema";
import { notifyReturnToCustody } from "~/domain/re-entry.server";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const arrivedAt = "2026-03-14T09:15:00.000Z";

function returning(options: { earlierState?: "assessed" | "closed"; closedDaysAgo?: number } = {}) {
  const db = createDemoWorldDb();
  const earlier = makeReferral(db, { centreId: "cc-northfirth" });
  db.update(arrestReferrals)
    .set({
      state: options.earlierState ?? "assessed",
      assignedWorkerId: "user-worker",
      closedAt:
        options.closedDaysAgo === undefined
          ? null
          : new Date(new Date(arrivedAt).getTime() - options.closedDaysAgo * 86400_000).toISOString(),
    })
    .where(eq(arrestReferrals.id, earlier.referralId))
    .run();
  const again = makeReferral(db, { centreId: "cc-kelmoor", personId: earlier.personId });
  // Custody's recordOffer has already told people; these tests call the function themselves.
  db.delete(notifications).run();
  const told = (userId: string) => db.select().from(notifications).where(eq(notifications.userId, userId)).all();
  return { db, earlier, again, told };
}

describe("back in custody", () => {
  it("is told when custody records an accepted offer for a returning person", () => {
    const db = createDemoWorldDb();
    const earlier = makeReferral(db);
    db.update(arrestReferrals)
      .set({ state: "assessed", assignedWorkerId: "user-worker" })
      .where(eq(arrestReferrals.id, earlier.referralId))
      .run();
    const again = makeReferral(db, { centreId: "cc-kelmoor", personId: earlier.personId });
    expect(db.select().from(notifications).where(eq(notifications.userId, "user-worker")).all()).toMatchObject([
      { kind: "person.back_in_custody", link: `/worker/referrals/${again.referralId}` },
    ]);
  });

  it("tells the worker who assessed them and the services with an open referral the person agreed to share with", () => {
    const { db, earlier, again, told } = returning();
    const treatment = makeOnwardReferral(db, {
      referralId: earlier.referralId,
      serviceId: "svc-nads-treatment",
      status: "in-progress",
    });
    shareAssessmentWithService(db, treatment, ["drugs"], { drugs: { level: "high" } });
    // Housing has an open referral but no consent to share: it is not told.
    makeOnwardReferral(db, { referralId: earlier.referralId, serviceId: "svc-harbour-housing", status: "accepted" });

    const result = notifyReturnToCustody(db, {
      personId: earlier.personId,
      newReferralId: again.referralId,
      centreName: "Kelmoor Custody Suite",
      arrivedAt,
    });
    expect(result.notifiedUserIds.sort()).toEqual(["user-service", "user-worker"]);
    expect(told("user-worker")).toMatchObject([
      {
        kind: "person.back_in_custody",
        title: "Back in custody at Kelmoor Custody Suite, 14 Mar 2026, 09:15: a person you assessed",
        link: `/worker/referrals/${again.referralId}`,
      },
    ]);
    expect(told("user-service")).toMatchObject([
      {
        kind: "person.back_in_custody",
        title:
          "Back in custody at Kelmoor Custody Suite, 14 Mar 2026, 09:15: a person referred to Northfirth Drug and Alcohol Treatment",
        link: `/service/referrals/${treatment}`,
      },
    ]);
    expect(told("user-housing")).toHaveLength(0);
    expect(JSON.stringify(db.select().from(notifications).all())).not.toContain(again.offer.familyName);
  });

  it("a withdrawn share consent means the service is not told", () => {
    const { db, earlier, again, told } = returning();
    const treatment = makeOnwardReferral(db, {
      referralId: earlier.referralId,
      serviceId: "svc-nads-treatment",
      status: "accepted",
    });
    const { consentId } = shareAssessmentWithService(db, treatment, ["drugs"]);
    db.update(consents).set({ withdrawnAt: new Date().toISOString() }).where(eq(consents.id, consentId)).run();
    notifyReturnToCustody(db, {
      personId: earlier.personId,
      newReferralId: again.referralId,
      centreName: "Kelmoor Custody Suite",
      arrivedAt,
    });
    expect(told("user-service")).toHaveLength(0);
    expect(told("user-worker")).toHaveLength(1);
  });

  it("a referral closed within the last 12 months counts; one closed longer ago does not", () => {
    const recent = returning({ earlierState: "closed", closedDaysAgo: 200 });
    expect(
      notifyReturnToCustody(recent.db, {
        personId: recent.earlier.personId,
        newReferralId: recent.again.referralId,
        centreName: "Kelmoor Custody Suite",
        arrivedAt,
      }).notifiedUserIds,
    ).toEqual(["user-worker"]);
    const old = returning({ earlierState: "closed", closedDaysAgo: 400 });
    expect(
      notifyReturnToCustody(old.db, {
        personId: old.earlier.personId,
        newReferralId: old.again.referralId,
        centreName: "Kelmoor Custody Suite",
        arrivedAt,
      }).notifiedUserIds,
    ).toEqual([]);
    expect(old.told("user-worker")).toHaveLength(0);
  });

  it("a person seen for the first time tells nobody", () => {
    const db = createDemoWorldDb();
    const first = makeReferral(db);
    expect(
      notifyReturnToCustody(db, {
        personId: first.personId,
        newReferralId: first.referralId,
        centreName: "Northfirth Central Custody",
        arrivedAt,
      }).notifiedUserIds,
    ).toEqual([]);
    expect(db.select().from(notifications).all()).toHaveLength(0);
  });

  it("the worker's link is their earlier case when their provider does not cover the new centre", () => {
    const { db, earlier, told } = returning();
    const westward = makeReferral(db, { centreId: "cc-westmuir", personId: earlier.personId });
    db.delete(notifications).run();
    notifyReturnToCustody(db, {
      personId: earlier.personId,
      newReferralId: westward.referralId,
      centreName: "Westmuir Custody Centre",
      arrivedAt,
    });
    expect(told("user-worker")[0].link).toBe(`/worker/referrals/${earlier.referralId}`);
  });
});
