// Consents: each its own record. Every lookup and every write of one goes through this module:
// the custody offer, the onward referral, the worker's page, the inbox and the re-entry notice.
// Withdrawal is one action, stops future sharing at once and never deletes history: open
// onward referrals that rested on it are cancelled.
import { and, desc, eq, inArray, isNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  arrestReferrals,
  consents,
  consentWordings,
  onwardReferrals,
  services,
  users,
  type ConsentScope,
} from "#db/schema";
import { nowIso } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { ONWARD_REFERRAL_CONSENT_SCOPES, type ConsentRecordedByWorker } from "./consents";
import { DomainError } from "./errors";
import { allowedOnwardReferralEvents } from "./onward-referral-states";
import { cancelOnwardReferral } from "./outcomes.server";
import { CLOSURE_REASONS } from "./referral-states";
import { changeReferralState, findReferral } from "./referrals.server";

/**
 * The consent a case rests on: to see a worker (custody) or to be contacted (self-referral).
 * Withdrawing it closes the case and cancels its open onward referrals.
 */
const isConsentToBeSeen = (scope: ConsentScope) => scope === "speak_to_worker" || scope === "self_referral";

/** The wording read to people now for a kind of consent (the newest version). */
export function currentConsentWording(db: Queryable, scope: ConsentScope) {
  return db
    .select()
    .from(consentWordings)
    .where(eq(consentWordings.scope, scope))
    .orderBy(desc(consentWordings.version))
    .limit(1)
    .get();
}

/** Whether the person has a consent of this kind in force. */
export function hasActiveConsent(db: Queryable, personId: string, scope: ConsentScope): boolean {
  return (
    db
      .select({ id: consents.id })
      .from(consents)
      .where(and(eq(consents.personId, personId), eq(consents.scope, scope), isNull(consents.withdrawnAt)))
      .limit(1)
      .get() !== undefined
  );
}

/**
 * Whether the person in `personId` (a column of the outer query) has a consent of `scope` in
 * force, as SQL: for queries that read many people at once.
 */
export function hasActiveConsentSql(personId: AnyColumn, scope: ConsentScope): SQL<boolean> {
  return sql`exists (select 1 from consents held where held.person_id = ${personId} and held.scope = ${scope} and held.withdrawn_at is null)`.mapWith(
    Boolean,
  );
}

/**
 * The consent behind an onward referral, if it is still in force: the worker's share of
 * assessment sections, or the person's agreement on patrol to be referred to the service.
 */
export function activeShareConsent(db: Queryable, consentId: string | null) {
  if (!consentId) return undefined;
  return db
    .select()
    .from(consents)
    .where(
      and(
        eq(consents.id, consentId),
        inArray(consents.scope, [...ONWARD_REFERRAL_CONSENT_SCOPES]),
        isNull(consents.withdrawnAt),
      ),
    )
    .get();
}

type NewConsent = Omit<
  typeof consents.$inferInsert,
  "id" | "wordingId" | "withdrawnAt" | "withdrawnByUserId" | "withdrawalNote"
> & {
  /** The wording read to the person; the current one of the scope when not given. */
  wordingId?: string | null;
};

/**
 * Writes one consent as part of the caller's transaction (the custody offer, the onward
 * referral, or recordConsent below), pointing at the words that were read. Returns its id.
 */
export function insertConsent(tx: Queryable, consent: NewConsent): string {
  const id = newId();
  const wordingId =
    consent.wordingId !== undefined ? consent.wordingId : (currentConsentWording(tx, consent.scope)?.id ?? null);
  tx.insert(consents)
    .values({ ...consent, id, wordingId })
    .run();
  return id;
}

export function listConsentsForPerson(db: Queryable, personId: string) {
  return db
    .select({
      consent: consents,
      serviceName: services.name,
      recordedByName: users.name,
      custodyCentreId: arrestReferrals.custodyCentreId,
      providerOrganisationId: arrestReferrals.providerOrganisationId,
    })
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
  input: { scope: ConsentRecordedByWorker; method: "verbal" | "signed"; contactMethod?: string },
) {
  return db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    if (hasActiveConsent(tx, referral.personId, input.scope)) {
      throw new DomainError("The person has already given this consent; it is still in force.", { status: 409 });
    }
    const id = insertConsent(tx, {
      personId: referral.personId,
      arrestReferralId: referralId,
      scope: input.scope,
      method: input.method,
      contactMethod: input.contactMethod ?? null,
      recordedByUserId: audit.userId,
      recordedAt: nowIso(),
    });
    recordAudit(tx, audit, {
      action: `consent.record`,
      recordType: "consent",
      recordId: id,
      personId: referral.personId,
      detail: { scope: input.scope },
    });
    return id;
  });
}

/** Withdraws a consent now. Sharing that rested on it stops: its open onward referrals are cancelled. */
export function withdrawConsent(db: Db, audit: ActorAudit, consentId: string, note?: string) {
  db.transaction((tx) => {
    const consent = tx.select().from(consents).where(eq(consents.id, consentId)).get();
    if (!consent) throw new DomainError("Consent not found", { status: 404 });
    if (consent.withdrawnAt) throw new DomainError("This consent has already been withdrawn.", { status: 409 });
    const at = nowIso();
    tx.update(consents)
      .set({ withdrawnAt: at, withdrawnByUserId: audit.userId, withdrawalNote: note ?? null })
      .where(eq(consents.id, consentId))
      .run();
    recordAudit(tx, audit, {
      action: "consent.withdraw",
      recordType: "consent",
      recordId: consentId,
      personId: consent.personId,
      detail: { scope: consent.scope },
    });

    // Sharing that rested on this consent stops: its open onward referrals are cancelled.
    const affected = (ONWARD_REFERRAL_CONSENT_SCOPES as readonly string[]).includes(consent.scope)
      ? tx
          .select({ id: onwardReferrals.id, status: onwardReferrals.status })
          .from(onwardReferrals)
          .where(eq(onwardReferrals.consentId, consentId))
          .all()
      : consent.scope === "speak_to_worker" && consent.arrestReferralId
        ? tx
            .select({ id: onwardReferrals.id, status: onwardReferrals.status })
            .from(onwardReferrals)
            .where(eq(onwardReferrals.arrestReferralId, consent.arrestReferralId))
            .all()
        : isConsentToBeSeen(consent.scope) && consent.arrestReferralId
          ? tx
              .select({ id: onwardReferrals.id, status: onwardReferrals.status })
              .from(onwardReferrals)
              .where(eq(onwardReferrals.arrestReferralId, consent.arrestReferralId))
              .all()
          : [];
    for (const onward of affected.filter((o) =>
      allowedOnwardReferralEvents(o.status, "referrer").includes("cancelled"),
    )) {
      cancelOnwardReferral(tx as unknown as Db, audit, onward.id, "consent_withdrawn");
    }

    if (isConsentToBeSeen(consent.scope) && consent.arrestReferralId) {
      const referral = findReferral(tx, consent.arrestReferralId);
      if (referral && referral.state !== "closed") {
        changeReferralState(tx, audit, referral, "close", {
          reason: CLOSURE_REASONS.consent_withdrawn,
          set: { closureReason: "consent_withdrawn", closedAt: at },
        });
      }
    }
  });
}

/** The consent an onward referral rests on, joined only while it stands (inbox, outcome template). */
export const activeShareConsentJoin = and(
  eq(consents.id, onwardReferrals.consentId),
  inArray(consents.scope, [...ONWARD_REFERRAL_CONSENT_SCOPES]),
  isNull(consents.withdrawnAt),
);

/** The "contact after release" consents in force for a person, with how they agreed to be reached. */
export function contactAfterReleaseConsents(db: Queryable, personId: string) {
  return db
    .select({ contactMethod: consents.contactMethod })
    .from(consents)
    .where(
      and(eq(consents.personId, personId), eq(consents.scope, "contact_after_release"), isNull(consents.withdrawnAt)),
    )
    .all();
}

/** The scopes of every consent in force for a person. */
export function activeConsentScopes(db: Queryable, personId: string): ConsentScope[] {
  return db
    .select({ scope: consents.scope })
    .from(consents)
    .where(and(eq(consents.personId, personId), isNull(consents.withdrawnAt)))
    .all()
    .map((c) => c.scope);
}

/** The consents of one scope recorded on a referral and still standing. */
export function activeConsentsOnReferral(db: Queryable, arrestReferralId: string, scope: ConsentScope) {
  return db
    .select({ scope: consents.scope, serviceId: consents.serviceId })
    .from(consents)
    .where(
      and(eq(consents.arrestReferralId, arrestReferralId), eq(consents.scope, scope), isNull(consents.withdrawnAt)),
    )
    .all();
}
