// Consents: each its own record. Withdrawal is one action, stops future sharing at once and
// never deletes history: open onward referrals that rested on it are cancelled.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { arrestReferrals, consents, onwardReferrals, services, users } from "#db/schema";
import { nowIso } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { allowedOnwardReferralEvents } from "./onward-referral-states";
import { cancelOnwardReferral } from "./outcomes.server";
import { recordAudit, type ActorAudit } from "./audit.server";
import { currentConsentWording } from "./custody.server";
import { DomainError } from "./errors";
import { CLOSURE_REASONS } from "./referral-states";
import { changeReferralState, findReferral } from "./referrals.server";


export function listConsentsForPerson(db: Queryable, personId: string) {
  return db
    .select({ consent: consents, serviceName: services.name, recordedByName: users.name, custodyCentreId: arrestReferrals.custodyCentreId })
    .from(consents)
    .leftJoin(services, eq(services.id, consents.serviceId))
    .leftJoin(arrestReferrals, eq(arrestReferrals.id, consents.arrestReferralId))
    .innerJoin(users, eq(users.id, consents.recordedByUserId))
    .where(eq(consents.personId, personId))
    .orderBy(desc(consents.recordedAt))
    .all();
}

/** Records a consent gathered at assessment: contact after release, or outcomes shared back with custody. */
export function recordConsent(
  db: Db,
  audit: ActorAudit,
  referralId: string,
  input: { scope: "contact_after_release" | "share_outcomes_with_custody"; method: "verbal" | "signed"; contactMethod?: string },
) {
  return db.transaction(
    (tx) => {
      const referral = findReferral(tx, referralId);
      if (!referral) throw new DomainError("Referral not found", { status: 404 });
      const active = tx
        .select({ id: consents.id })
        .from(consents)
        .where(and(eq(consents.personId, referral.personId), eq(consents.scope, input.scope), isNull(consents.withdrawnAt)))
        .get();
      if (active) throw new DomainError("The person has already given this consent; it is still in force.", { status: 409 });
      const id = newId();
      tx.insert(consents)
        .values({
          id,
          personId: referral.personId,
          arrestReferralId: referralId,
          scope: input.scope,
          method: input.method,
          contactMethod: input.contactMethod ?? null,
          wordingId: currentConsentWording(tx, input.scope)?.id ?? null,
          recordedByUserId: audit.userId,
          recordedAt: nowIso(),
        })
        .run();
      recordAudit(tx, audit, { action: `consent.record`, recordType: "consent", recordId: id, personId: referral.personId, detail: { scope: input.scope } });
      return id;
    },
  );
}

/** Withdraws a consent now. Sharing that rested on it stops: its open onward referrals are cancelled. */
export function withdrawConsent(db: Db, audit: ActorAudit, consentId: string, note?: string) {
  db.transaction(
    (tx) => {
      const consent = tx.select().from(consents).where(eq(consents.id, consentId)).get();
      if (!consent) throw new DomainError("Consent not found", { status: 404 });
      if (consent.withdrawnAt) throw new DomainError("This consent has already been withdrawn.", { status: 409 });
      const at = nowIso();
      tx.update(consents)
        .set({ withdrawnAt: at, withdrawnByUserId: audit.userId, withdrawalNote: note ?? null })
        .where(eq(consents.id, consentId))
        .run();
      recordAudit(tx, audit, { action: "consent.withdraw", recordType: "consent", recordId: consentId, personId: consent.personId, detail: { scope: consent.scope } });

      // Sharing that rested on this consent stops: its open onward referrals are cancelled.
      const affected =
        consent.scope === "share_assessment_with_service"
          ? tx.select({ id: onwardReferrals.id, status: onwardReferrals.status }).from(onwardReferrals).where(eq(onwardReferrals.consentId, consentId)).all()
          : consent.scope === "speak_to_worker" && consent.arrestReferralId
            ? tx.select({ id: onwardReferrals.id, status: onwardReferrals.status }).from(onwardReferrals).where(eq(onwardReferrals.arrestReferralId, consent.arrestReferralId)).all()
            : [];
      for (const onward of affected.filter((o) => allowedOnwardReferralEvents(o.status, "referrer").includes("cancelled"))) {
        cancelOnwardReferral(tx as unknown as Db, audit, onward.id, "consent_withdrawn");
      }

      if (consent.scope === "speak_to_worker" && consent.arrestReferralId) {
        const referral = findReferral(tx, consent.arrestReferralId);
        if (referral && referral.state !== "closed") {
          changeReferralState(tx, audit, referral, "close", {
            reason: CLOSURE_REASONS.consent_withdrawn,
            set: { closureReason: "consent_withdrawn", closedAt: at },
          });
        }
      }
    },
  );
}
