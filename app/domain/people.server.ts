// People: finding a returning person, and what custody may see of their history.
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import {
  arrestReferrals,
  custodyCentres,
  needsAssessments,
  onwardReferrals,
  people,
  services,
  type OnwardReferralStatus,
  type Person,
  type ReferralSource,
  type ServiceKind,
} from "#db/schema";
import { activeConsentScopes, hasActiveConsent } from "./consents.server";
import { matchPerson, nameKey, nearbyDatesOfBirth, type MatchStrength, type PersonQuery } from "./people";
import { consentVisibility, type Resource } from "./permissions";
import { referralSourceLabels } from "./referral-sources";

export type EngagementSummary = {
  status: OnwardReferralStatus;
  serviceKind: ServiceKind;
  serviceName: string;
  lastUpdateAt: string;
};

export type CustodyHistory = {
  referralCount: number;
  lastReferralAt: string | null;
  lastCentreName: string | null;
  /**
   * Each service's latest status, most recently updated first; only when the person agreed to
   * outcomes being shared back with custody. One status per service, so a good outcome with one
   * service is not hidden by an unrelated later one with another.
   */
  engagements: EngagementSummary[];
  hasOutcomeSharingConsent: boolean;
};

export type PersonMatch = {
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  strength: MatchStrength;
  score: number;
  reasons: string[];
  history: CustodyHistory;
};

const MAX_MATCHES = 5;

export function findLikelyMatches(db: Queryable, query: PersonQuery): PersonMatch[] {
  const conditions = [];
  const familyKey = query.familyName ? nameKey(query.familyName) : "";
  const givenKey = query.givenName ? nameKey(query.givenName) : "";
  if (query.dateOfBirth && query.familyName) {
    conditions.push(eq(people.dateOfBirth, query.dateOfBirth));
    // matchPerson forgives a slip in the date only with the family name exactly as known, so a
    // nearby date needs the same name key: at national scale a date alone brings thousands.
    conditions.push(
      and(eq(people.familyNameKey, familyKey), inArray(people.dateOfBirth, nearbyDatesOfBirth(query.dateOfBirth))),
    );
  }
  const police = query.policeIdentifier?.trim().toUpperCase();
  const health = query.healthIdentifier?.trim().toUpperCase();
  if (police) conditions.push(eq(sql`upper(${people.policeIdentifier})`, police));
  if (health) conditions.push(eq(sql`upper(${people.healthIdentifier})`, health));
  if (!conditions.length) return [];

  // Should more than the cap share a date of birth, the likeliest come first: a same
  // identifier, then the same names and date.
  const likeliness = sql`${police ? sql`(upper(${people.policeIdentifier}) = ${police}) * 4` : sql`0`}
    + ${health ? sql`(upper(${people.healthIdentifier}) = ${health}) * 4` : sql`0`}
    + (${people.familyNameKey} = ${familyKey}) + (${people.givenNameKey} = ${givenKey}) + (${people.dateOfBirth} = ${query.dateOfBirth ?? ""})`;
  // A record merged into another still matches (it may hold the spelling typed today), but
  // what is offered is the person it was merged into: merges always point at a record in use.
  const candidates = db
    .select()
    .from(people)
    // Someone not yet identified (decision 029), or known only by an alias from a self-referral,
    // is never offered as a match: neither may be merged silently.
    .where(
      and(or(...conditions), isNull(people.anonymisedAt), eq(people.isIdentified, true), eq(people.nameIsAlias, false)),
    )
    .orderBy(desc(likeliness))
    .limit(500)
    .all();
  const survivors = new Map<string, Person>();
  const mergedInto = [...new Set(candidates.map((p) => p.mergedIntoPersonId).filter((id): id is string => !!id))];
  if (mergedInto.length)
    for (const p of db
      .select()
      .from(people)
      .where(and(inArray(people.id, mergedInto), isNull(people.anonymisedAt)))
      .all())
      survivors.set(p.id, p);
  const best = new Map<string, { person: Person; match: NonNullable<ReturnType<typeof matchPerson>> }>();
  for (const candidate of candidates) {
    const match = matchPerson(query, candidate);
    if (!match) continue;
    const person = candidate.mergedIntoPersonId ? survivors.get(candidate.mergedIntoPersonId) : candidate;
    if (!person) continue;
    if (person !== candidate) match.reasons.push("as recorded before a merge of duplicate records");
    const seen = best.get(person.id);
    if (!seen || seen.match.score < match.score) best.set(person.id, { person, match });
  }
  return [...best.values()]
    .sort((a, b) => b.match.score - a.match.score)
    .slice(0, MAX_MATCHES)
    .map(({ person, match }) => ({
      personId: person.id,
      givenName: person.givenName,
      familyName: person.familyName,
      dateOfBirth: person.dateOfBirth,
      strength: match.strength,
      score: match.score,
      reasons: match.reasons,
      history: custodyHistory(db, person.id),
    }));
}

/** Where a referral was made: its custody centre, or the door it came through (decision 014). */
function referralWhere(referral: { centreName: string | null; source: ReferralSource }) {
  return referral.centreName ?? referralSourceLabels[referral.source];
}

/** What a custody officer may see of a person's earlier referrals. */
export function custodyHistory(db: Queryable, personId: string, excludeReferralId?: string): CustodyHistory {
  const referrals = db
    .select({
      id: arrestReferrals.id,
      createdAt: arrestReferrals.createdAt,
      source: arrestReferrals.source,
      centreName: custodyCentres.name,
    })
    .from(arrestReferrals)
    .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
    .where(eq(arrestReferrals.personId, personId))
    .orderBy(desc(arrestReferrals.createdAt))
    .all()
    .filter((r) => r.id !== excludeReferralId);
  const hasOutcomeSharingConsent = hasActiveConsent(db, personId, "share_outcomes_with_custody");
  const engagements: EngagementSummary[] = [];
  if (hasOutcomeSharingConsent) {
    const lastUpdateAt = sql<string>`coalesce(${onwardReferrals.lastOutcomeAt}, ${onwardReferrals.updatedAt})`;
    const all = db
      .select({
        serviceId: onwardReferrals.serviceId,
        status: onwardReferrals.status,
        serviceKind: services.kind,
        serviceName: services.name,
        lastUpdateAt,
      })
      .from(onwardReferrals)
      .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
      .where(eq(onwardReferrals.personId, personId))
      .orderBy(desc(lastUpdateAt), desc(onwardReferrals.createdAt))
      .all();
    const seen = new Set<string>();
    for (const { serviceId, ...engagement } of all) {
      if (seen.has(serviceId)) continue;
      seen.add(serviceId);
      engagements.push(engagement);
    }
  }
  return {
    referralCount: referrals.length,
    lastReferralAt: referrals[0]?.createdAt ?? null,
    lastCentreName: referrals[0] ? referralWhere(referrals[0]) : null,
    engagements,
    hasOutcomeSharingConsent,
  };
}

/**
 * What a referral worker sees of a person's earlier referrals: all of their own organisation's
 * work; of another organisation's, when and where, and its assessment and outcomes only if a
 * consent in force lets another provider see them (consentVisibility: none does).
 */
export function workerPersonHistory(
  db: Queryable,
  personId: string,
  excludeReferralId: string,
  organisationId: string,
) {
  const mayShare = activeConsentScopes(db, personId).some((scope) =>
    consentVisibility[scope].other_provider.includes("assessment"),
  );
  const referrals = db
    .select({
      id: arrestReferrals.id,
      createdAt: arrestReferrals.createdAt,
      state: arrestReferrals.state,
      closureReason: arrestReferrals.closureReason,
      assignedOrganisationId: arrestReferrals.assignedOrganisationId,
      source: arrestReferrals.source,
      centreName: custodyCentres.name,
    })
    .from(arrestReferrals)
    .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
    .where(eq(arrestReferrals.personId, personId))
    .orderBy(desc(arrestReferrals.createdAt))
    .all()
    .filter((r) => r.id !== excludeReferralId)
    .map(({ centreName, ...r }) => ({ ...r, where: referralWhere({ centreName, source: r.source }) }));
  return referrals.map((r) => {
    const isShared = mayShare || r.assignedOrganisationId === organisationId;
    if (!isShared) return { ...r, isShared, assessment: null, onward: [] };
    const assessment = db
      .select({
        completedAt: needsAssessments.completedAt,
        drugs: needsAssessments.drugsLevel,
        alcohol: needsAssessments.alcoholLevel,
        mental_health: needsAssessments.mentalHealthLevel,
        housing: needsAssessments.housingLevel,
        money: needsAssessments.moneyLevel,
        employment: needsAssessments.employmentLevel,
        physical_health: needsAssessments.physicalHealthLevel,
        family: needsAssessments.familyLevel,
        safety: needsAssessments.safetyLevel,
        justice: needsAssessments.justiceLevel,
        auditCScore: needsAssessments.auditCScore,
      })
      .from(needsAssessments)
      .where(and(eq(needsAssessments.arrestReferralId, r.id), eq(needsAssessments.status, "completed")))
      .orderBy(desc(needsAssessments.assessmentVersion))
      .limit(1)
      .get();
    const onward = db
      .select({ status: onwardReferrals.status, serviceName: services.name, updatedAt: onwardReferrals.updatedAt })
      .from(onwardReferrals)
      .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
      .where(eq(onwardReferrals.arrestReferralId, r.id))
      .all();
    return { ...r, isShared, assessment: assessment ?? null, onward };
  });
}

/** A person as the permission module sees them: where they were referred and to which services. */
export function personResource(db: Queryable, personId: string): Resource | undefined {
  const person = db.select({ id: people.id }).from(people).where(eq(people.id, personId)).get();
  if (!person) return undefined;
  const holders = db
    .selectDistinct({
      custodyCentreId: arrestReferrals.custodyCentreId,
      providerOrganisationId: arrestReferrals.providerOrganisationId,
      policeOrganisationId: arrestReferrals.policeOrganisationId,
    })
    .from(arrestReferrals)
    .where(eq(arrestReferrals.personId, personId))
    .all();
  const present = (ids: (string | null)[]) => [...new Set(ids.filter((id): id is string => id !== null))];
  const serviceIds = db
    .selectDistinct({ id: onwardReferrals.serviceId })
    .from(onwardReferrals)
    .where(eq(onwardReferrals.personId, personId))
    .all()
    .map((r) => r.id);
  return {
    type: "person",
    custodyCentreIds: present(holders.map((h) => h.custodyCentreId)),
    providerOrganisationIds: present(holders.map((h) => h.providerOrganisationId)),
    policeOrganisationIds: present(holders.map((h) => h.policeOrganisationId)),
    serviceIds,
  };
}
