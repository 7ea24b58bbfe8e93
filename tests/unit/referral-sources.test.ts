// Decision 014: a referral that did not start in custody (a naloxone follow-up, a patrol
// referral, a self-referral) is an arrest_referrals row with no custody episode or centre. It
// reaches the provider named on it and the force that made it, and nobody else; commissioners'
// custody figures leave it out.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { arrestReferrals, figureMonthsStale, people, users } from "#db/schema";
import { custodyReferralView } from "~/domain/custody.server";
import { can } from "~/domain/permissions";
import { loadActor } from "~/domain/permissions.server";
import { listQueue } from "~/domain/queue.server";
import { referralResource } from "~/domain/referrals.server";
import { searchSchema } from "~/domain/search";
import { searchCases } from "~/domain/search.server";
import { workerCaseView } from "~/domain/worker-case.server";
import { uniqueName } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

function signedIn(db: Db, userId: string) {
  const user = db.select().from(users).where(eq(users.id, userId)).get()!;
  return { actor: loadActor(db, user), audit: { userId, organisationId: user.organisationId, ipAddress: null } };
}

function makeFollowUp(db: Db, familyName: string) {
  const personId = `person-${familyName}`;
  const now = new Date().toISOString();
  db.insert(people)
    .values({
      id: personId,
      givenName: "Ainsley",
      familyName,
      dateOfBirth: "1990-05-04",
      givenNameKey: "ainsley",
      familyNameKey: familyName.toLowerCase(),
    })
    .run();
  const referralId = `ref-${familyName}`;
  db.insert(arrestReferrals)
    .values({
      id: referralId,
      personId,
      source: "naloxone",
      providerOrganisationId: "org-firth-recovery",
      policeOrganisationId: "org-police",
      areaId: "la-kelmoor",
      createdByUserId: "user-officer",
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return { personId, referralId };
}

describe("a referral from outside custody", () => {
  const db = createDemoWorldDb();
  const familyName = uniqueName("Overdose");
  const staleBefore = db.select().from(figureMonthsStale).all().length;
  const { referralId } = makeFollowUp(db, familyName);

  it("is in no custody centre's figures, and writing it breaks no trigger", () => {
    expect(db.select().from(figureMonthsStale).all().length).toBe(staleBefore);
    db.update(arrestReferrals)
      .set({ state: "closed", closureReason: "declined" })
      .where(eq(arrestReferrals.id, referralId))
      .run();
    const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.id, referralId)).get()!;
    expect(referral.recordKey).not.toBeNull();
    db.update(arrestReferrals)
      .set({ state: "new", closureReason: null })
      .where(eq(arrestReferrals.id, referralId))
      .run();
  });

  it("waits in the named provider's queue, marked with where it came from, and in no other", () => {
    const firth = signedIn(db, "user-worker");
    const queue = listQueue(db, {
      centreIds: [...firth.actor.centreIds],
      providerOrganisationId: firth.actor.organisationId,
      workerId: "user-worker",
      filter: "waiting",
    });
    expect(queue.rows.find((r) => r.id === referralId)).toMatchObject({
      where: "Near-fatal overdose (naloxone)",
      disclosedNeeds: [],
    });
    const newLeaf = signedIn(db, "user-worker-west");
    const theirs = listQueue(db, {
      centreIds: [...newLeaf.actor.centreIds],
      providerOrganisationId: newLeaf.actor.organisationId,
      workerId: "user-worker-west",
      filter: "open",
    });
    expect(theirs.rows.map((r) => r.id)).not.toContain(referralId);
  });

  it("opens as a case with no custody episode for the named provider only", () => {
    const view = custodyReferralView(db, referralId)!;
    expect(view.episode).toBeNull();
    const resource = referralResource(db, view.referral);
    const firth = signedIn(db, "user-worker");
    expect(can(firth.actor, "referral:work", resource)).toBe(true);
    expect(can(signedIn(db, "user-worker-west").actor, "referral:view", resource)).toBe(false);
    expect(can(signedIn(db, "user-officer").actor, "referral:view", resource)).toBe(true);
    expect(can(signedIn(db, "user-service").actor, "referral:view", resource)).toBe(false);
    const page = workerCaseView(db, firth.actor, firth.audit, view);
    expect(page.episode).toBeNull();
    expect(page.source).toBe("naloxone");
  });

  it("is found by search within reach: the provider and the reporting force", () => {
    const terms = searchSchema.parse({ name: familyName });
    const find = (userId: string) => {
      const { actor, audit } = signedIn(db, userId);
      return searchCases(db, actor, audit, terms).map((h) => h.link);
    };
    expect(find("user-worker")).toEqual([`/worker/referrals/${referralId}`]);
    expect(find("user-officer")).toEqual(["/police"]);
    expect(find("user-worker-west")).toEqual([]);
    expect(find("user-service")).toEqual([]);
  });
});
