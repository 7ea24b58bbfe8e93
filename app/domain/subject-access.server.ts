// Subject access (UK GDPR article 15): everything Pathway holds about one person, gathered in
// one place so it can be given to them as a file and as a page they can read.
import { asc, eq, inArray } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  arrestReferrals,
  auditEvents,
  consents,
  consentWordings,
  contactAttempts,
  custodyCentres,
  custodyEpisodes,
  custodyOffers,
  needsAssessments,
  onwardReferrals,
  organisations,
  outcomeEvents,
  people,
  referralStateChanges,
  services,
  users,
} from "#db/schema";
import { nowIso } from "~/utils/dates";
import { recordAudit, type ActorAudit } from "./audit.server";
import { findLikelyMatches } from "./people.server";

type StaffMember = { name: string; organisation: string };

/** Who did something, by name and organisation: staff ids mean nothing to the person. */
function staffLookup(db: Queryable, userIds: (string | null)[]) {
  const ids = [...new Set(userIds.filter((id): id is string => Boolean(id)))];
  const staff = new Map<string, StaffMember>();
  if (ids.length) {
    const rows = db
      .select({ id: users.id, name: users.name, organisation: organisations.name })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(inArray(users.id, ids))
      .all();
    for (const row of rows) staff.set(row.id, { name: row.name, organisation: row.organisation });
  }
  return (id: string | null): StaffMember | null =>
    id ? (staff.get(id) ?? { name: "Unknown user", organisation: "" }) : null;
}

const sameIds = <T extends { id: string }>(rows: T[]) => rows.map((r) => r.id);

export function findPersonSummary(db: Queryable, personId: string) {
  return db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      anonymisedAt: people.anonymisedAt,
    })
    .from(people)
    .where(eq(people.id, personId))
    .get();
}

/** Everything held about the person, or undefined when there is no such person. */
export function gatherSubjectAccess(db: Queryable, personId: string) {
  const person = db.select().from(people).where(eq(people.id, personId)).get();
  if (!person) return undefined;

  const episodes = db
    .select({ episode: custodyEpisodes, centreName: custodyCentres.name })
    .from(custodyEpisodes)
    .innerJoin(custodyCentres, eq(custodyCentres.id, custodyEpisodes.custodyCentreId))
    .where(eq(custodyEpisodes.personId, personId))
    .orderBy(asc(custodyEpisodes.arrivedAt))
    .all();
  const episodeIds = episodes.map((e) => e.episode.id);
  const offers = episodeIds.length
    ? db.select().from(custodyOffers).where(inArray(custodyOffers.custodyEpisodeId, episodeIds)).all()
    : [];

  const consentRows = db
    .select({
      consent: consents,
      wordingVersion: consentWordings.version,
      wordingText: consentWordings.text,
      serviceName: services.name,
    })
    .from(consents)
    .leftJoin(consentWordings, eq(consentWordings.id, consents.wordingId))
    .leftJoin(services, eq(services.id, consents.serviceId))
    .where(eq(consents.personId, personId))
    .orderBy(asc(consents.recordedAt))
    .all();

  const referralRows = db
    .select({ referral: arrestReferrals, centreName: custodyCentres.name, organisationName: organisations.name })
    .from(arrestReferrals)
    // Referrals from outside custody (decision 014) have no centre.
    .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
    .leftJoin(organisations, eq(organisations.id, arrestReferrals.assignedOrganisationId))
    .where(eq(arrestReferrals.personId, personId))
    .orderBy(asc(arrestReferrals.createdAt))
    .all();
  const referralIds = sameIds(referralRows.map((r) => r.referral));
  const stateChanges = referralIds.length
    ? db
        .select()
        .from(referralStateChanges)
        .where(inArray(referralStateChanges.arrestReferralId, referralIds))
        .orderBy(asc(referralStateChanges.at))
        .all()
    : [];
  const attempts = referralIds.length
    ? db
        .select()
        .from(contactAttempts)
        .where(inArray(contactAttempts.arrestReferralId, referralIds))
        .orderBy(asc(contactAttempts.attemptedAt))
        .all()
    : [];

  const assessments = db
    .select({ assessment: needsAssessments, organisationName: organisations.name })
    .from(needsAssessments)
    .innerJoin(organisations, eq(organisations.id, needsAssessments.organisationId))
    .where(eq(needsAssessments.personId, personId))
    .orderBy(asc(needsAssessments.startedAt))
    .all();

  const onwardRows = db
    .select({ onward: onwardReferrals, serviceName: services.name, serviceKind: services.kind })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .where(eq(onwardReferrals.personId, personId))
    .orderBy(asc(onwardReferrals.createdAt))
    .all();
  const onwardIds = sameIds(onwardRows.map((o) => o.onward));
  const outcomes = onwardIds.length
    ? db
        .select({ event: outcomeEvents, organisationName: organisations.name })
        .from(outcomeEvents)
        .innerJoin(organisations, eq(organisations.id, outcomeEvents.reportedByOrganisationId))
        .where(inArray(outcomeEvents.onwardReferralId, onwardIds))
        .orderBy(asc(outcomeEvents.recordedAt))
        .all()
    : [];

  const accessRows = db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.personId, personId))
    .orderBy(asc(auditEvents.seq))
    .all();

  const staff = staffLookup(db, [
    ...episodes.map((e) => e.episode.recordedByUserId),
    ...offers.map((o) => o.recordedByUserId),
    ...consentRows.flatMap((c) => [c.consent.recordedByUserId, c.consent.withdrawnByUserId]),
    ...referralRows.flatMap((r) => [r.referral.createdByUserId, r.referral.assignedWorkerId]),
    ...stateChanges.map((s) => s.actorUserId),
    ...attempts.map((a) => a.workerUserId),
    ...assessments.map((a) => a.assessment.workerUserId),
    ...onwardRows.map((o) => o.onward.createdByUserId),
    ...outcomes.map((o) => o.event.reportedByUserId),
    ...accessRows.map((a) => a.userId),
  ]);

  return {
    person: {
      id: person.id,
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: person.dateOfBirth,
      policeIdentifier: person.policeIdentifier,
      healthIdentifier: person.healthIdentifier,
      phone: person.phone,
      firstRecordedAt: person.createdAt,
      updatedAt: person.updatedAt,
      lastActivityAt: person.lastActivityAt,
      anonymisedAt: person.anonymisedAt,
    },
    custodyEpisodes: episodes.map(({ episode, centreName }) => {
      const offer = offers.find((o) => o.custodyEpisodeId === episode.id);
      return {
        id: episode.id,
        custodyCentre: centreName,
        custodyReference: episode.custodyReference,
        arrivedAt: episode.arrivedAt,
        releasedAt: episode.releasedAt,
        disclosedNeeds: episode.disclosedNeeds,
        disclosedOther: episode.disclosedOther,
        safetyNotes: episode.safetyNotes,
        recordedBy: staff(episode.recordedByUserId),
        offer: offer
          ? { result: offer.result, recordedAt: offer.recordedAt, recordedBy: staff(offer.recordedByUserId) }
          : null,
      };
    }),
    consents: consentRows.map(({ consent, wordingVersion, wordingText, serviceName }) => ({
      id: consent.id,
      scope: consent.scope,
      arrestReferralId: consent.arrestReferralId,
      service: serviceName,
      sharedDomains: consent.sharedDomains,
      contactMethod: consent.contactMethod,
      method: consent.method,
      wording: wordingVersion === null ? null : { version: wordingVersion, text: wordingText },
      recordedAt: consent.recordedAt,
      recordedBy: staff(consent.recordedByUserId),
      withdrawnAt: consent.withdrawnAt,
      withdrawnBy: staff(consent.withdrawnByUserId),
      withdrawalNote: consent.withdrawalNote,
    })),
    arrestReferrals: referralRows.map(({ referral, centreName, organisationName }) => ({
      id: referral.id,
      source: referral.source,
      custodyCentre: centreName,
      state: referral.state,
      closureReason: referral.closureReason,
      createdAt: referral.createdAt,
      createdBy: staff(referral.createdByUserId),
      assignedOrganisation: organisationName,
      assignedWorker: staff(referral.assignedWorkerId),
      claimedAt: referral.claimedAt,
      firstContactAt: referral.firstContactAt,
      releasedBeforeSeen: referral.releasedBeforeSeen,
      closedAt: referral.closedAt,
      stateChanges: stateChanges
        .filter((s) => s.arrestReferralId === referral.id)
        .map((s) => ({ from: s.fromState, to: s.toState, reason: s.reason, at: s.at, by: staff(s.actorUserId) })),
      contactAttempts: attempts
        .filter((a) => a.arrestReferralId === referral.id)
        .map((a) => ({
          attemptedAt: a.attemptedAt,
          method: a.method,
          result: a.result,
          note: a.note,
          by: staff(a.workerUserId),
        })),
    })),
    needsAssessments: assessments.map(({ assessment, organisationName }) => ({
      id: assessment.id,
      arrestReferralId: assessment.arrestReferralId,
      version: assessment.assessmentVersion,
      status: assessment.status,
      organisation: organisationName,
      worker: staff(assessment.workerUserId),
      startedAt: assessment.startedAt,
      completedAt: assessment.completedAt,
      levels: {
        drugs: assessment.drugsLevel,
        alcohol: assessment.alcoholLevel,
        mentalHealth: assessment.mentalHealthLevel,
        housing: assessment.housingLevel,
        money: assessment.moneyLevel,
        employment: assessment.employmentLevel,
        physicalHealth: assessment.physicalHealthLevel,
        family: assessment.familyLevel,
        safety: assessment.safetyLevel,
        justice: assessment.justiceLevel,
      },
      auditCScore: assessment.auditCScore,
      hasOverdoseHistory: assessment.hasOverdoseHistory,
      hasSelfHarmRisk: assessment.hasSelfHarmRisk,
      areChildrenAffected: assessment.areChildrenAffected,
      naloxone: assessment.naloxone,
      answers: assessment.answers,
    })),
    onwardReferrals: onwardRows.map(({ onward, serviceName, serviceKind }) => ({
      id: onward.id,
      arrestReferralId: onward.arrestReferralId,
      service: serviceName,
      serviceKind,
      needDomain: onward.needDomain,
      priority: onward.priority,
      note: onward.note,
      status: onward.status,
      statusReason: onward.statusReason,
      statusReasonText: onward.statusReasonText,
      createdAt: onward.createdAt,
      createdBy: staff(onward.createdByUserId),
      respondedAt: onward.respondedAt,
      firstAppointmentAt: onward.firstAppointmentAt,
      firstAttendedAt: onward.firstAttendedAt,
      endedAt: onward.endedAt,
      outcomeEvents: outcomes
        .filter((o) => o.event.onwardReferralId === onward.id)
        .map(({ event, organisationName }) => ({
          kind: event.kind,
          occurredOn: event.occurredOn,
          detail: event.detail,
          reportedBy: staff(event.reportedByUserId),
          reportedByOrganisation: organisationName,
          source: event.source,
          recordedAt: event.recordedAt,
        })),
    })),
    // Staff network addresses are other people's data and are left out.
    accessLog: accessRows.map((a) => ({
      at: a.at,
      action: a.action,
      recordType: a.recordType,
      recordId: a.recordId,
      by: staff(a.userId),
    })),
  };
}

export type SubjectAccess = NonNullable<ReturnType<typeof gatherSubjectAccess>>;

/** Gathers the record and writes to the audit log that it was produced, in one transaction. */
export function produceSubjectAccess(db: Db, audit: ActorAudit, personId: string, purpose: "view" | "download") {
  return db.transaction((tx) => {
    if (!findPersonSummary(tx, personId)) return undefined;
    // Written first, so the record given to the person shows this request too.
    recordAudit(tx, audit, { action: `subject-access.${purpose}`, recordType: "person", recordId: personId, personId });
    return { generatedAt: nowIso(), ...gatherSubjectAccess(tx, personId)! };
  });
}

/** People who may be the one asking, found by name and date of birth; the search is audited. */
export function searchPeopleForSubjectAccess(
  db: Db,
  audit: ActorAudit,
  query: { givenName?: string; familyName: string; dateOfBirth: string },
) {
  return db.transaction((tx) => {
    const matches = findLikelyMatches(tx, query).map((m) => ({
      personId: m.personId,
      givenName: m.givenName,
      familyName: m.familyName,
      dateOfBirth: m.dateOfBirth,
      strength: m.strength,
      referralCount: m.history.referralCount,
    }));
    recordAudit(tx, audit, {
      action: "subject-access.search",
      recordType: "person",
      detail: { matches: matches.length },
    });
    return matches;
  });
}
