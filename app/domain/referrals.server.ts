// Arrest referrals: reading them with their links, and changing their state through the one
// state machine, recording who and when in the same transaction as the audit row.
import { and, asc, eq } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  arrestReferrals,
  contactAttempts,
  onwardReferrals,
  referralStateChanges,
  users,
  type ArrestReferral,
} from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit, type AuditContext } from "./audit.server";
import { DomainError } from "./errors";
import {
  checkReferralEvent,
  CLOSURE_REASONS,
  nextReferralState,
  type ClosureReason,
  type ReferralActor,
  type ReferralEvent,
} from "./referral-states";
import type { ContactMethod, ContactResult } from "./contact-attempts";
import type { ReferralHolders, Resource } from "./permissions";

export function findReferral(db: Queryable, referralId: string): ArrestReferral | undefined {
  return db.select().from(arrestReferrals).where(eq(arrestReferrals.id, referralId)).get();
}

/** What permissions need to know about a referral. */
export function referralResource(db: Queryable, referral: ArrestReferral): Resource {
  const serviceIds = db
    .selectDistinct({ serviceId: onwardReferrals.serviceId })
    .from(onwardReferrals)
    .where(eq(onwardReferrals.arrestReferralId, referral.id))
    .all()
    .map((r) => r.serviceId);
  return { type: "arrestReferral", ...referralHolders(referral), serviceIds };
}

/** Who holds a referral, for permissions (decision 014). */
export function referralHolders(referral: {
  custodyCentreId: string | null;
  providerOrganisationId: string | null;
  policeOrganisationId: string | null;
}): ReferralHolders {
  return {
    custodyCentreId: referral.custodyCentreId,
    providerOrganisationId: referral.providerOrganisationId,
    policeOrganisationId: referral.policeOrganisationId,
  };
}

/** The acting referral worker, for the state machine's "who may". */
export const workerActor = (audit: { userId: string }): ReferralActor => ({
  role: "referral_worker",
  userId: audit.userId,
});

/** Refuses (409) what the state machine does not let this actor do to this referral now. */
export function requireReferralEvent(referral: ArrestReferral, actor: ReferralActor, event: ReferralEvent) {
  const check = checkReferralEvent(referral, actor, event);
  if (!check.ok) throw new DomainError(check.message, { status: 409 });
  return check.state;
}

type Change = Partial<Omit<typeof arrestReferrals.$inferInsert, "id" | "state" | "version">>;

/**
 * Moves a referral on by `event`, refusing what the state machine does not allow and any
 * change made since the caller read `referral` (its version must still match).
 */
export function changeReferralState(
  tx: Queryable,
  audit: AuditContext & { userId: string },
  referral: ArrestReferral,
  event: ReferralEvent,
  options: { reason?: string | null; set?: Change; at?: Date } = {},
): ArrestReferral {
  const transition = nextReferralState(referral, event);
  if (!transition.ok) throw new DomainError(transition.message, { status: 409 });
  const at = (options.at ?? new Date()).toISOString();
  const updated = tx
    .update(arrestReferrals)
    .set({ ...options.set, state: transition.state, updatedAt: at, version: referral.version + 1 })
    .where(and(eq(arrestReferrals.id, referral.id), eq(arrestReferrals.version, referral.version)))
    .returning()
    .get();
  if (!updated) {
    const current = findReferral(tx, referral.id);
    throw new DomainError(
      current?.assignedWorkerId && event === "claim"
        ? "Someone else has just claimed this referral."
        : "This referral was changed by someone else a moment ago. Look at it again before you continue.",
      { status: 409, detail: { currentState: current?.state } },
    );
  }
  tx.insert(referralStateChanges)
    .values({
      id: newId(),
      arrestReferralId: referral.id,
      fromState: referral.state,
      toState: transition.state,
      reason: options.reason ?? null,
      actorUserId: audit.userId,
      at,
    })
    .run();
  recordAudit(tx, audit, {
    action: `referral.${event}`,
    recordType: "arrest_referral",
    recordId: referral.id,
    personId: referral.personId,
    detail: { from: referral.state, to: transition.state, ...(options.reason ? { reason: options.reason } : {}) },
  });
  return updated;
}

/** A worker claims a referral; when two claim at once one wins and the other is told who has it. */
export function claimReferral(db: Db, audit: ActorAudit, referralId: string) {
  return db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    const actor = workerActor(audit);
    if (checkReferralEvent(referral, actor, "take_on").ok) {
      // A follow-up case is taken on without a change of state.
      return assignWorker(tx, audit, referral);
    }
    if (referral.assignedWorkerId && referral.state !== "closed") {
      throw new DomainError(`${workerName(tx, referral.assignedWorkerId)} already has this referral.`, { status: 409 });
    }
    requireReferralEvent(referral, actor, "claim");
    try {
      return changeReferralState(tx, audit, referral, "claim", {
        set: {
          assignedWorkerId: audit.userId,
          assignedOrganisationId: audit.organisationId,
          claimedAt: new Date().toISOString(),
        },
      });
    } catch (error) {
      const current = findReferral(tx, referralId);
      if (error instanceof DomainError && current?.assignedWorkerId && current.assignedWorkerId !== audit.userId) {
        throw new DomainError(`${workerName(tx, current.assignedWorkerId)} has just claimed this referral.`, {
          status: 409,
        });
      }
      throw error;
    }
  });
}

function assignWorker(tx: Queryable, audit: ActorAudit, referral: ArrestReferral) {
  const updated = tx
    .update(arrestReferrals)
    .set({
      assignedWorkerId: audit.userId,
      assignedOrganisationId: audit.organisationId,
      updatedAt: new Date().toISOString(),
      version: referral.version + 1,
    })
    .where(and(eq(arrestReferrals.id, referral.id), eq(arrestReferrals.version, referral.version)))
    .returning()
    .get();
  if (!updated)
    throw new DomainError("Someone else changed this referral a moment ago. Look at it again.", { status: 409 });
  recordAudit(tx, audit, {
    action: "referral.assign",
    recordType: "arrest_referral",
    recordId: referral.id,
    personId: referral.personId,
  });
  return updated;
}

export function workerName(db: Queryable, userId: string) {
  return db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? "Another worker";
}

/** Gives a claimed referral back to the queue. */
export function releaseClaim(db: Db, audit: ActorAudit, referralId: string) {
  db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    if (referral.state === "claimed" && referral.assignedWorkerId !== audit.userId) {
      throw new DomainError("Only the worker who claimed it can give it back.", { status: 409 });
    }
    requireReferralEvent(referral, workerActor(audit), "release_claim");
    changeReferralState(tx, audit, referral, "release_claim", {
      set: { assignedWorkerId: null, assignedOrganisationId: null, claimedAt: null },
    });
  });
}

export function closeReferral(db: Db, audit: ActorAudit, referralId: string, reason: ClosureReason, note?: string) {
  db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    requireReferralEvent(referral, workerActor(audit), "close");
    changeReferralState(tx, audit, referral, "close", {
      reason: note ? `${CLOSURE_REASONS[reason]}: ${note}` : CLOSURE_REASONS[reason],
      set: { closureReason: reason, closedAt: new Date().toISOString() },
    });
  });
}

export function reopenReferral(db: Db, audit: ActorAudit, referralId: string, reason: string) {
  db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    requireReferralEvent(referral, workerActor(audit), "reopen");
    changeReferralState(tx, audit, referral, "reopen", {
      reason,
      set: {
        closureReason: null,
        closedAt: null,
        assignedWorkerId: audit.userId,
        assignedOrganisationId: audit.organisationId,
      },
    });
  });
}

/** A contact attempt after release; speaking to the person counts as first contact. */
export function recordContactAttempt(
  db: Db,
  audit: ActorAudit,
  referralId: string,
  attempt: { attemptedAt: string; method: ContactMethod; result: ContactResult; note?: string },
) {
  db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    requireReferralEvent(referral, workerActor(audit), "record_contact_attempt");
    tx.insert(contactAttempts)
      .values({
        id: newId(),
        arrestReferralId: referralId,
        workerUserId: audit.userId,
        note: attempt.note ?? "",
        ...attempt,
      })
      .run();
    if (attempt.result === "spoke" && !referral.firstContactAt) {
      tx.update(arrestReferrals)
        .set({ firstContactAt: attempt.attemptedAt })
        .where(eq(arrestReferrals.id, referralId))
        .run();
    }
    recordAudit(tx, audit, {
      action: "referral.contact-attempt",
      recordType: "arrest_referral",
      recordId: referralId,
      personId: referral.personId,
      detail: { method: attempt.method, result: attempt.result },
    });
  });
}

export function listContactAttempts(db: Queryable, referralId: string) {
  return db
    .select({ attempt: contactAttempts, workerName: users.name })
    .from(contactAttempts)
    .innerJoin(users, eq(users.id, contactAttempts.workerUserId))
    .where(eq(contactAttempts.arrestReferralId, referralId))
    .orderBy(asc(contactAttempts.attemptedAt))
    .all();
}

export function listStateChanges(db: Queryable, referralId: string) {
  return db
    .select({ change: referralStateChanges, actorName: users.name })
    .from(referralStateChanges)
    .innerJoin(users, eq(users.id, referralStateChanges.actorUserId))
    .where(eq(referralStateChanges.arrestReferralId, referralId))
    .orderBy(asc(referralStateChanges.at))
    .all();
}
