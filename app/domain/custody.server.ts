// Custody: recording offers of arrest referral, the referrals they create, release, and
// cancelling a referral made in error. Every change is audited in its own transaction.
import { and, asc, desc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  arrestReferrals,
  consentWordings,
  custodyCentres,
  custodyEpisodes,
  custodyOffers,
  people,
  referralStateChanges,
  users,
  type CustodyCentre,
} from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { insertConsent } from "./consents.server";
import { custodyReferenceProblem, type AcceptedOffer, type OfferInput } from "./custody";
import { DomainError } from "./errors";
import { linkOrCreatePerson } from "./person-link.server";
import { notifyReturnToCustody } from "./re-entry.server";
import { checkReferralEvent, nextReferralState, type ReferralFacts } from "./referral-states";
import { changeReferralState, findReferral } from "./referrals.server";
import { getSetting } from "./settings.server";

type Audit = ActorAudit;

export function findCentre(db: Queryable, centreId: string): CustodyCentre | undefined {
  return db.select().from(custodyCentres).where(eq(custodyCentres.id, centreId)).get();
}

export function listCentresOfForce(db: Queryable, policeOrganisationId: string) {
  return db
    .select({ id: custodyCentres.id, name: custodyCentres.name, code: custodyCentres.code })
    .from(custodyCentres)
    .where(and(eq(custodyCentres.policeOrganisationId, policeOrganisationId), eq(custodyCentres.isActive, true)))
    .orderBy(asc(custodyCentres.name))
    .all();
}

export function rememberCentre(db: Queryable, userId: string, centreId: string) {
  db.update(users).set({ currentCustodyCentreId: centreId }).where(eq(users.id, userId)).run();
}

function checkCustodyReference(centre: CustodyCentre, reference: string) {
  const problem = custodyReferenceProblem(centre, reference);
  if (problem) throw new DomainError(problem, { field: "custodyReference", status: 400 });
}

export type RecordedOffer =
  | { result: "accepted"; offerId: string; referralId: string; personId: string; isReturningPerson: boolean }
  | { result: "declined" | "not_fit" | "not_offered"; offerId: string };

/**
 * Records the offer's result. Declined and not-offered hold no personal data; not fit now
 * holds the custody reference only; accepted creates the person (or links a known one), the
 * custody episode, the consent records and the arrest referral in state `new`.
 */
export function recordOffer(
  db: Db,
  audit: Audit,
  centre: CustodyCentre,
  offer: OfferInput,
  now = new Date(),
): RecordedOffer {
  const recordedAt = now.toISOString();
  if (offer.result !== "declined" && offer.result !== "not_offered")
    checkCustodyReference(centre, offer.custodyReference);

  if (offer.result !== "accepted") {
    const offerId = newId();
    db.transaction((tx) => {
      tx.insert(custodyOffers)
        .values({
          id: offerId,
          custodyCentreId: centre.id,
          result: offer.result,
          notOfferedReason: offer.result === "not_offered" ? offer.notOfferedReason : null,
          notOfferedReasonText: offer.result === "not_offered" ? (offer.notOfferedReasonText ?? null) : null,
          custodyReference: offer.result === "not_fit" ? offer.custodyReference : null,
          recordedByUserId: audit.userId,
          recordedAt,
        })
        .run();
      recordAudit(tx, audit, {
        action: `custody-offer.${offer.result}`,
        recordType: "custody_offer",
        recordId: offerId,
      });
    });
    return { result: offer.result, offerId };
  }
  return recordAcceptedOffer(db, audit, centre, offer, recordedAt);
}

function recordAcceptedOffer(
  db: Db,
  audit: Audit,
  centre: CustodyCentre,
  offer: AcceptedOffer,
  recordedAt: string,
): RecordedOffer {
  if (!offer.consentConfirmed) {
    throw new DomainError("A referral needs the person's consent to see a worker.", {
      field: "consentConfirmed",
      status: 400,
    });
  }
  const wording = db.select().from(consentWordings).where(eq(consentWordings.id, offer.consentWordingId)).get();
  if (!wording || wording.scope !== "speak_to_worker") {
    throw new DomainError("The consent wording shown is not known: reload the page and read it to the person again.", {
      field: "consentConfirmed",
      status: 400,
    });
  }

  return db.transaction((tx) => {
    const existing = tx
      .select({ episodeId: custodyEpisodes.id, referralId: arrestReferrals.id })
      .from(custodyEpisodes)
      .leftJoin(arrestReferrals, eq(arrestReferrals.custodyEpisodeId, custodyEpisodes.id))
      .where(
        and(
          eq(custodyEpisodes.custodyCentreId, centre.id),
          eq(custodyEpisodes.custodyReference, offer.custodyReference),
        ),
      )
      .get();
    if (existing) {
      throw new DomainError("A referral with this custody reference already exists at this centre.", {
        field: "custodyReference",
        status: 409,
        detail: { existingReferralId: existing.referralId },
      });
    }

    const { personId, isReturningPerson } = linkOrCreatePerson(tx, audit, offer, recordedAt);

    const episodeId = newId();
    tx.insert(custodyEpisodes)
      .values({
        id: episodeId,
        personId,
        custodyCentreId: centre.id,
        custodyReference: offer.custodyReference,
        arrivedAt: offer.arrivedAt,
        disclosedNeeds: offer.disclosedNeeds,
        disclosedOther: offer.disclosedOther ?? null,
        safetyNotes: offer.safetyNotes ?? "",
        recordedByUserId: audit.userId,
      })
      .run();

    const referralId = newId();
    tx.insert(arrestReferrals)
      .values({
        id: referralId,
        personId,
        custodyEpisodeId: episodeId,
        custodyCentreId: centre.id,
        state: "new",
        createdByUserId: audit.userId,
        createdAt: recordedAt,
        updatedAt: recordedAt,
      })
      .run();
    tx.insert(referralStateChanges)
      .values({
        id: newId(),
        arrestReferralId: referralId,
        fromState: null,
        toState: "new",
        actorUserId: audit.userId,
        at: recordedAt,
      })
      .run();

    const consentBase = {
      personId,
      arrestReferralId: referralId,
      method: offer.consentMethod,
      recordedByUserId: audit.userId,
      recordedAt,
    };
    insertConsent(tx, { ...consentBase, scope: "speak_to_worker", wordingId: wording.id });
    if (offer.contactAfterRelease)
      insertConsent(tx, { ...consentBase, scope: "contact_after_release", contactMethod: "phone" });

    const offerId = newId();
    tx.insert(custodyOffers)
      .values({
        id: offerId,
        custodyCentreId: centre.id,
        result: "accepted",
        custodyReference: offer.custodyReference,
        custodyEpisodeId: episodeId,
        recordedByUserId: audit.userId,
        recordedAt,
      })
      .run();
    if (offer.reofferOfOfferId) {
      tx.update(custodyOffers)
        .set({ reofferedAt: recordedAt })
        .where(
          and(
            eq(custodyOffers.id, offer.reofferOfOfferId),
            eq(custodyOffers.custodyCentreId, centre.id),
            eq(custodyOffers.result, "not_fit"),
          ),
        )
        .run();
    }
    if (isReturningPerson) {
      notifyReturnToCustody(tx, {
        personId,
        newReferralId: referralId,
        centreName: centre.name,
        arrivedAt: offer.arrivedAt,
      });
    }
    recordAudit(tx, audit, {
      action: "referral.create",
      recordType: "arrest_referral",
      recordId: referralId,
      personId,
      detail: { centreId: centre.id, isReturningPerson },
    });
    return { result: "accepted" as const, offerId, referralId, personId, isReturningPerson };
  });
}

/** A "not fit now" offer offered again with a result other than accepted. */
/** Is this a not-fit offer made at the centre (one that may be offered again)? */
export function isNotFitOfferAt(db: Queryable, centreId: string, offerId: string): boolean {
  return (
    db
      .select({ id: custodyOffers.id })
      .from(custodyOffers)
      .where(
        and(
          eq(custodyOffers.id, offerId),
          eq(custodyOffers.custodyCentreId, centreId),
          eq(custodyOffers.result, "not_fit"),
        ),
      )
      .get() !== undefined
  );
}

export function resolveNotFitOffer(db: Db, audit: Audit, centreId: string, offerId: string, now = new Date()) {
  db.transaction((tx) => {
    const updated = tx
      .update(custodyOffers)
      .set({ reofferedAt: now.toISOString() })
      .where(
        and(
          eq(custodyOffers.id, offerId),
          eq(custodyOffers.custodyCentreId, centreId),
          eq(custodyOffers.result, "not_fit"),
          isNull(custodyOffers.reofferedAt),
        ),
      )
      .run();
    if (updated.changes)
      recordAudit(tx, audit, { action: "custody-offer.reoffered", recordType: "custody_offer", recordId: offerId });
  });
}

/** Release from custody; a referral not yet seen by a worker moves to community follow-up. */
export function recordRelease(db: Db, audit: Audit, referralId: string, releasedAt: string) {
  db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    const episode = referral.custodyEpisodeId
      ? tx.select().from(custodyEpisodes).where(eq(custodyEpisodes.id, referral.custodyEpisodeId)).get()
      : undefined;
    if (!episode) throw new DomainError("This referral did not start in custody.", { status: 409 });
    if (episode.releasedAt) throw new DomainError("The person's release has already been recorded.", { status: 409 });
    if (releasedAt < episode.arrivedAt) {
      throw new DomainError("The release time is before the person arrived in custody.", {
        field: "releasedAt",
        status: 400,
      });
    }
    tx.update(custodyEpisodes).set({ releasedAt }).where(eq(custodyEpisodes.id, episode.id)).run();
    recordAudit(tx, audit, {
      action: "custody-episode.release",
      recordType: "custody_episode",
      recordId: episode.id,
      personId: referral.personId,
    });
    if (nextReferralState(referral, "person_released").ok) {
      changeReferralState(tx, audit, referral, "person_released", { set: { releasedBeforeSeen: true } });
    }
  });
}

/** The officer who made a referral may cancel it, within the window the operator sets, if it was made in error. */
export function cancelReferral(db: Db, audit: Audit, referralId: string, reason: string, now = new Date()) {
  db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    const check = canCancel(tx, referral, audit.userId, now);
    if (!check.ok) throw new DomainError(check.message, { status: 409 });
    changeReferralState(tx, audit, referral, "close", {
      reason: `Recorded in error: ${reason}`,
      set: { closureReason: "recorded_in_error", closedAt: now.toISOString() },
    });
  });
}

export function canCancel(
  db: Queryable,
  referral: ReferralFacts & { createdByUserId: string; createdAt: string },
  userId: string,
  now = new Date(),
) {
  const windowMinutes = getSetting(db, "referral_cancel_window_minutes");
  if (referral.createdByUserId !== userId)
    return { ok: false as const, message: "Only the officer who made a referral can cancel it." };
  const cancel = checkReferralEvent(referral, { role: "custody_officer", userId }, "cancel");
  if (!cancel.ok) return { ok: false as const, message: cancel.message };
  if (now.getTime() - new Date(referral.createdAt).getTime() > windowMinutes * 60_000) {
    return {
      ok: false as const,
      message: `A referral can be cancelled only within ${windowMinutes} minutes of being made; ask the referral worker to close it.`,
    };
  }
  return { ok: true as const, windowMinutes };
}

/** Today's activity at a centre: referrals and their state, and people to offer again. */
export function centreActivity(db: Queryable, centreId: string, now = new Date()) {
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  // "Today" for a custody suite running through the night: the last 24 hours.
  const since = new Date(Math.min(startOfDay.getTime(), now.getTime() - 24 * 3600_000)).toISOString();

  const referrals = db
    .select({
      id: arrestReferrals.id,
      state: arrestReferrals.state,
      createdAt: arrestReferrals.createdAt,
      releasedBeforeSeen: arrestReferrals.releasedBeforeSeen,
      createdByUserId: arrestReferrals.createdByUserId,
      custodyReference: custodyEpisodes.custodyReference,
      releasedAt: custodyEpisodes.releasedAt,
      givenName: people.givenName,
      familyName: people.familyName,
    })
    .from(arrestReferrals)
    .innerJoin(custodyEpisodes, eq(custodyEpisodes.id, arrestReferrals.custodyEpisodeId))
    .innerJoin(people, eq(people.id, arrestReferrals.personId))
    .where(and(eq(arrestReferrals.custodyCentreId, centreId), gte(arrestReferrals.createdAt, since)))
    .orderBy(desc(arrestReferrals.createdAt))
    .all();

  const toOfferAgain = db
    .select({
      id: custodyOffers.id,
      custodyReference: custodyOffers.custodyReference,
      recordedAt: custodyOffers.recordedAt,
    })
    .from(custodyOffers)
    .where(
      and(
        eq(custodyOffers.custodyCentreId, centreId),
        eq(custodyOffers.result, "not_fit"),
        isNull(custodyOffers.reofferedAt),
        gte(custodyOffers.recordedAt, new Date(now.getTime() - 72 * 3600_000).toISOString()),
      ),
    )
    .orderBy(asc(custodyOffers.recordedAt))
    .all();

  const offerCounts = db
    .select({ result: custodyOffers.result, count: sql<number>`count(*)` })
    .from(custodyOffers)
    .where(and(eq(custodyOffers.custodyCentreId, centreId), gte(custodyOffers.recordedAt, since)))
    .groupBy(custodyOffers.result)
    .all();

  return {
    referrals,
    toOfferAgain,
    offerCounts: Object.fromEntries(offerCounts.map((c) => [c.result, c.count])) as Record<string, number>,
  };
}

/** The custody view of one referral: what the officer recorded and what custody may see since. */
export function custodyReferralView(db: Queryable, referralId: string) {
  return (
    db
      .select({
        referral: arrestReferrals,
        episode: custodyEpisodes,
        person: {
          id: people.id,
          givenName: people.givenName,
          familyName: people.familyName,
          dateOfBirth: people.dateOfBirth,
          policeIdentifier: people.policeIdentifier,
        },
        centreName: custodyCentres.name,
      })
      .from(arrestReferrals)
      // A referral from outside custody (decision 014) has no episode or centre.
      .leftJoin(custodyEpisodes, eq(custodyEpisodes.id, arrestReferrals.custodyEpisodeId))
      .innerJoin(people, eq(people.id, arrestReferrals.personId))
      .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
      .where(eq(arrestReferrals.id, referralId))
      .get()
  );
}

export function listCentresByIds(db: Queryable, centreIds: string[]) {
  if (!centreIds.length) return [];
  return db
    .select({ id: custodyCentres.id, name: custodyCentres.name })
    .from(custodyCentres)
    .where(inArray(custodyCentres.id, centreIds))
    .orderBy(asc(custodyCentres.name))
    .all();
}
