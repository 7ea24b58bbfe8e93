// Arrest referrals: reading them with their links, and changing their state through the one
// state machine, recording who and when in the same transaction as the audit row.
import { and, eq } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { arrestReferrals, onwardReferrals, referralStateChanges, type ArrestReferral } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type AuditContext } from "./audit.server";
import { DomainError } from "./errors";
import type { Resource } from "./permissions";
import { nextReferralState, type ReferralEvent } from "./referral-states";

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
  return { type: "arrestReferral", custodyCentreId: referral.custodyCentreId, serviceIds };
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
  const transition = nextReferralState(referral.state, event);
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
