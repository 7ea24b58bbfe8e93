import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { arrestReferrals, consents, needsAssessments, notifications, onwardReferrals } from "#db/schema";
import { answersSchema, auditCScore, completionProblems, isAuditCPositive, sharedSections } from "~/domain/assessments";
import { completeAssessment, listAssessmentVersions, saveAssessmentDraft } from "~/domain/assessments.server";
import { withdrawConsent } from "~/domain/consents.server";
import { DomainError } from "~/domain/errors";
import { createOnwardReferral, servicesForNeeds } from "~/domain/onward-referrals.server";
import { claimReferral, findReferral } from "~/domain/referrals.server";
import { makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const jamie = { userId: "user-worker", organisationId: "org-firth-recovery", ipAddress: "127.0.0.1" };
const morven = { userId: "user-worker-west", organisationId: "org-new-leaf", ipAddress: "127.0.0.1" };

describe("AUDIT-C", () => {
  it.each([
    [{ q1: 0, q2: 0, q3: 0 }, 0, false],
    [{ q1: 2, q2: 1, q3: 1 }, 4, false],
    [{ q1: 2, q2: 2, q3: 1 }, 5, true],
    [{ q1: 4, q2: 4, q3: 4 }, 12, true],
    [{ q1: 4, q2: 4 }, null, false],
  ])("%o scores %s", (answers, score, positive) => {
    expect(auditCScore(answers)).toBe(score);
    expect(isAuditCPositive(auditCScore(answers))).toBe(positive);
  });

  it("refuses answers outside 0–4", () => {
    expect(answersSchema.safeParse({ alcohol: { auditC: { q1: "5" } } }).success).toBe(false);
    expect(answersSchema.safeParse({ alcohol: { auditC: { q1: "-1" } } }).success).toBe(false);
    expect(answersSchema.safeParse({ alcohol: { auditC: { q1: "4" } } }).success).toBe(true);
  });

  it("completing needs all three questions or none, and at least one domain", () => {
    expect(completionProblems(answersSchema.parse({}))).toHaveProperty("form");
    const partial = completionProblems(answersSchema.parse({ alcohol: { level: "low", auditC: { q1: "2" } } }));
    expect(Object.keys(partial).sort()).toEqual(["alcohol.auditC.q2", "alcohol.auditC.q3"]);
  });
});

describe("claiming a referral", () => {
  it("two workers claiming at once: one wins, the other is told who has it", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db, { centreId: "cc-port-aird" });
    const seenByBoth = findReferral(db, referralId)!;
    claimReferral(db, jamie, referralId);
    // Morven's claim was based on the same copy Jamie saw.
    expect(() => claimReferral(db, morven, seenByBoth.id)).toThrow(
      /Jamie Reid (already has|has just claimed) this referral/,
    );
    const referral = findReferral(db, referralId)!;
    expect([referral.state, referral.assignedWorkerId]).toEqual(["claimed", "user-worker"]);
  });
});

function assessedReferral(db: ReturnType<typeof createDemoWorldDb>) {
  const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
  claimReferral(db, jamie, referralId);
  const answers = answersSchema.parse({
    drugs: { level: "high", notes: "daily heroin use" },
    housing: { level: "medium" },
    naloxone: "supplied",
  });
  const result = completeAssessment(db, jamie, referralId, answers, null);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return referralId;
}

describe("assessments", () => {
  it("drafts continue one version; editing after completion makes a new version and keeps the old", () => {
    const db = createDemoWorldDb();
    const referralId = assessedReferral(db);
    expect(findReferral(db, referralId)!.state).toBe("assessed");
    const edited = answersSchema.parse({ drugs: { level: "medium" }, naloxone: "supplied" });
    const draft = saveAssessmentDraft(db, jamie, referralId, edited, null);
    expect(draft.assessmentVersion).toBe(2);
    saveAssessmentDraft(db, jamie, referralId, edited, draft.rowVersion);
    expect(() => saveAssessmentDraft(db, jamie, referralId, edited, draft.rowVersion)).toThrow(
      /saved from another page or by someone else/,
    );
    const result = completeAssessment(db, jamie, referralId, edited, draft.rowVersion + 1);
    expect(result.ok).toBe(true);
    expect(listAssessmentVersions(db, referralId).map((a) => [a.assessmentVersion, a.status])).toEqual([
      [2, "completed"],
      [1, "superseded"],
    ]);
  });

  it("a worker who has not claimed the referral cannot assess it", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db, { centreId: "cc-port-aird" });
    expect(() => saveAssessmentDraft(db, jamie, referralId, answersSchema.parse({}), null)).toThrow(
      /Claim this referral/,
    );
    claimReferral(db, morven, referralId);
    expect(() => saveAssessmentDraft(db, jamie, referralId, answersSchema.parse({}), null)).toThrow(
      /Another worker has this referral/,
    );
  });
});

describe("onward referrals", () => {
  const input = {
    serviceId: "svc-nads-treatment",
    needDomain: "drugs" as const,
    priority: "routine" as const,
    note: undefined,
    sharedDomains: ["drugs" as const],
    consentConfirmed: true,
    consentMethod: "verbal" as const,
    outOfAreaReason: undefined,
  };

  it("rest on their own consent and tell the service", () => {
    const db = createDemoWorldDb();
    const referralId = assessedReferral(db);
    const id = createOnwardReferral(db, jamie, referralId, input);
    const onward = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, id)).get()!;
    expect(onward.status).toBe("requested");
    const consent = db.select().from(consents).where(eq(consents.id, onward.consentId!)).get()!;
    expect([consent.scope, consent.serviceId, consent.sharedDomains]).toEqual([
      "share_assessment_with_service",
      "svc-nads-treatment",
      ["drugs"],
    ]);
    const told = db.select().from(notifications).where(eq(notifications.userId, "user-service")).all();
    expect(told.map((n) => n.kind)).toEqual(["onward_referral.new"]);
  });

  it("are refused without consent, and outside the area without a reason", () => {
    const db = createDemoWorldDb();
    const referralId = assessedReferral(db);
    expect(() => createOnwardReferral(db, jamie, referralId, { ...input, consentConfirmed: false })).toThrow(
      DomainError,
    );
    expect(() => createOnwardReferral(db, jamie, referralId, { ...input, serviceId: "svc-westmuir-alcohol" })).toThrow(
      /does not cover the person's area/,
    );
    createOnwardReferral(db, jamie, referralId, {
      ...input,
      serviceId: "svc-westmuir-alcohol",
      outOfAreaReason: "Moving to Westmuir next week",
    });
    expect(db.select().from(onwardReferrals).all()).toHaveLength(1);
  });

  it("withdrawing the share consent cancels the onward referral at once, keeping history", () => {
    const db = createDemoWorldDb();
    const referralId = assessedReferral(db);
    const id = createOnwardReferral(db, jamie, referralId, input);
    const consentId = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, id)).get()!.consentId!;
    withdrawConsent(db, jamie, consentId, "Changed their mind");
    expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, id)).get()!.status).toBe("cancelled");
    expect(db.select().from(consents).where(eq(consents.id, consentId)).get()!.withdrawnAt).not.toBeNull();
  });

  it("the directory offers services for the needs, those covering the area first", () => {
    const db = createDemoWorldDb();
    const local = servicesForNeeds(db, { needs: ["housing"], localAuthorityId: "la-northfirth" });
    expect(local.map((s) => s.name)).toEqual(["Harbour Housing Advice"]);
    const everywhere = servicesForNeeds(db, {
      needs: ["housing"],
      localAuthorityId: "la-northfirth",
      showAllAreas: true,
    });
    expect(everywhere.map((s) => [s.name, s.coversArea])).toEqual([
      ["Harbour Housing Advice", true],
      ["Rapid Rehousing Team", false],
    ]);
  });

  it("a service sees only the sections the person agreed to share", () => {
    const answers = answersSchema.parse({
      drugs: { level: "high", notes: "heroin" },
      mental_health: { level: "high", notes: "private" },
    });
    const shared = sharedSections(answers, ["drugs"]);
    expect(Object.keys(shared)).toEqual(["drugs"]);
    expect(JSON.stringify(shared)).not.toContain("private");
  });
});

describe("the queue's referral states", () => {
  it("completing an assessment from follow-up is allowed", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    db.update(arrestReferrals)
      .set({ state: "follow_up", assignedWorkerId: "user-worker" })
      .where(eq(arrestReferrals.id, referralId))
      .run();
    const result = completeAssessment(db, jamie, referralId, answersSchema.parse({ money: { level: "low" } }), null);
    expect(result.ok).toBe(true);
    expect(findReferral(db, referralId)!.state).toBe("assessed");
    expect(db.select().from(needsAssessments).all()).toHaveLength(1);
  });
});
