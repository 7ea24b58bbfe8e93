// Needs assessments: drafts saved as the worker goes, completion, and versions kept when an
// assessment is edited later. A save based on an old copy is refused, never merged silently.
import { and, desc, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { arrestReferrals, needsAssessments, type ArrestReferral } from "#db/schema";
import { formatTime } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { answersSchema, assessmentColumns, completionProblems, type AssessmentAnswers } from "./assessments";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";
import { changeReferralState, findReferral, requireReferralEvent, workerActor } from "./referrals.server";

export type Assessment = typeof needsAssessments.$inferSelect;

export function listAssessmentVersions(db: Queryable, referralId: string): Assessment[] {
  return db
    .select()
    .from(needsAssessments)
    .where(eq(needsAssessments.arrestReferralId, referralId))
    .orderBy(desc(needsAssessments.assessmentVersion))
    .all();
}

export function latestAssessment(db: Queryable, referralId: string): Assessment | undefined {
  return listAssessmentVersions(db, referralId)[0];
}

export function latestCompletedAssessment(db: Queryable, referralId: string): Assessment | undefined {
  return db
    .select()
    .from(needsAssessments)
    .where(and(eq(needsAssessments.arrestReferralId, referralId), eq(needsAssessments.status, "completed")))
    .orderBy(desc(needsAssessments.assessmentVersion))
    .limit(1)
    .get();
}

/** The id of a referral's latest completed assessment, as SQL (`referralId` is a column of the outer query). */
export function latestCompletedAssessmentIdSql(referralId: AnyColumn): SQL<string | null> {
  return sql<
    string | null
  >`(select latest.id from needs_assessments latest where latest.arrest_referral_id = ${referralId} and latest.status = 'completed' order by latest.assessment_version desc limit 1)`;
}

export function findAssessment(db: Queryable, assessmentId: string): Assessment | undefined {
  return db.select().from(needsAssessments).where(eq(needsAssessments.id, assessmentId)).get();
}

/** Answers as stored, read back through the schema so old rows get today's defaults. */
export function readAnswers(assessment: Pick<Assessment, "answers"> | undefined): AssessmentAnswers {
  return answersSchema.parse(assessment?.answers ?? {});
}

function requireAssessor(referral: ArrestReferral, audit: ActorAudit) {
  requireReferralEvent(referral, workerActor(audit), "assess");
}

/**
 * Saves what has been typed so far. Continues the current draft, or starts a new version when
 * the latest one is completed. `basedOnRowVersion` is the draft's version the page last saw.
 */
export function saveAssessmentDraft(
  db: Db,
  audit: ActorAudit,
  referralId: string,
  answers: AssessmentAnswers,
  basedOnRowVersion: number | null,
  now = new Date(),
): Assessment {
  return db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    requireAssessor(referral, audit);
    const at = now.toISOString();
    const latest = latestAssessment(tx, referralId);
    const columns = assessmentColumns(answers);

    if (latest?.status === "draft") {
      if (basedOnRowVersion !== null && basedOnRowVersion !== latest.rowVersion) {
        throw new DomainError(
          `This assessment was saved from another page or by someone else at ${formatTime(latest.updatedAt)}. Reload to see their changes before you save yours.`,
          { status: 409, detail: { currentRowVersion: latest.rowVersion } },
        );
      }
      const saved = tx
        .update(needsAssessments)
        .set({ answers, ...columns, updatedAt: at, rowVersion: latest.rowVersion + 1, workerUserId: audit.userId })
        .where(and(eq(needsAssessments.id, latest.id), eq(needsAssessments.rowVersion, latest.rowVersion)))
        .returning()
        .get();
      recordAudit(tx, audit, {
        action: "assessment.save-draft",
        recordType: "needs_assessment",
        recordId: latest.id,
        personId: referral.personId,
      });
      return saved!;
    }

    const id = newId();
    const created = tx
      .insert(needsAssessments)
      .values({
        id,
        arrestReferralId: referralId,
        personId: referral.personId,
        assessmentVersion: (latest?.assessmentVersion ?? 0) + 1,
        status: "draft",
        workerUserId: audit.userId,
        organisationId: audit.organisationId,
        answers,
        ...columns,
        startedAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    if (!referral.firstContactAt) {
      tx.update(arrestReferrals).set({ firstContactAt: at }).where(eq(arrestReferrals.id, referralId)).run();
    }
    if (!referral.assignedWorkerId) {
      tx.update(arrestReferrals)
        .set({ assignedWorkerId: audit.userId, assignedOrganisationId: audit.organisationId })
        .where(eq(arrestReferrals.id, referralId))
        .run();
    }
    recordAudit(tx, audit, {
      action: latest ? "assessment.new-version" : "assessment.start",
      recordType: "needs_assessment",
      recordId: id,
      personId: referral.personId,
    });
    return created;
  });
}

export type CompletionResult = { ok: true; assessment: Assessment } | { ok: false; problems: Record<string, string> };

/** Completes the draft: checks the whole, keeps the previous completed version as superseded. */
export function completeAssessment(
  db: Db,
  audit: ActorAudit,
  referralId: string,
  answers: AssessmentAnswers,
  basedOnRowVersion: number | null,
  now = new Date(),
): CompletionResult {
  const problems = completionProblems(answers);
  if (Object.keys(problems).length) return { ok: false, problems };
  return db.transaction((tx) => {
    const draft = saveAssessmentDraft(tx as unknown as Db, audit, referralId, answers, basedOnRowVersion, now);
    const at = now.toISOString();
    tx.update(needsAssessments)
      .set({ status: "superseded" })
      .where(and(eq(needsAssessments.arrestReferralId, referralId), eq(needsAssessments.status, "completed")))
      .run();
    const completed = tx
      .update(needsAssessments)
      .set({ status: "completed", completedAt: at, updatedAt: at, rowVersion: draft.rowVersion + 1 })
      .where(eq(needsAssessments.id, draft.id))
      .returning()
      .get()!;
    const referral = findReferral(tx, referralId)!;
    requireReferralEvent(referral, workerActor(audit), "complete_assessment");
    changeReferralState(tx, audit, referral, "complete_assessment", { at: now });
    recordAudit(tx, audit, {
      action: "assessment.complete",
      recordType: "needs_assessment",
      recordId: draft.id,
      personId: referral.personId,
    });
    return { ok: true as const, assessment: completed };
  });
}
