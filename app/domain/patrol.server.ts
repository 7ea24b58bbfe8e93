// Community referrals made on patrol (issue 20, decision 030): an officer refers a person who
// agreed, from anywhere, straight to a service for their area and need. The referral is an
// arrest_referrals row of source "patrol" (no centre, no episode) holding one onward referral,
// which reaches the service's inbox like any other and comes back with outcomes. The officer's
// force sees those outcomes only while the person's consent to share them stands.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  areas,
  arrestReferrals,
  consentWordings,
  onwardReferrals,
  people,
  referralStateChanges,
  services,
  type OnwardReferralStatus,
} from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { activeConsentsOnReferral, insertConsent } from "./consents.server";
import { needLabels } from "./custody";
import { DomainError } from "./errors";
import { queueNewReferralEmail } from "./messages.server";
import { notify } from "./notifications.server";
import { servicesForNeeds } from "./onward-referrals.server";
import { outcomeLog, type OutcomeLogEntry } from "./outcomes.server";
import { consentAllows, consentResource, type Actor } from "./permissions";
import { linkOrCreatePerson } from "./person-link.server";
import { CLOSURE_REASONS } from "./referral-states";
import type { PatrolReferralInput } from "./patrol";

/** Services an officer may refer to for a need in an area: those covering it, taking referrals first. */
export function patrolServices(db: Queryable, needDomain: PatrolReferralInput["needDomain"], areaId: string) {
  return servicesForNeeds(db, { needs: [needDomain], localAuthorityId: areaId });
}

export function isLocalAuthority(db: Queryable, areaId: string): boolean {
  return (
    db
      .select({ id: areas.id })
      .from(areas)
      .where(and(eq(areas.id, areaId), eq(areas.kind, "local_authority")))
      .get() !== undefined
  );
}

export type RecordedPatrolReferral = {
  referralId: string;
  onwardReferralId: string;
  personId: string;
  isReturningPerson: boolean;
};

/**
 * Records a patrol referral: the person (a known one picked, or a new one once every strong match
 * is answered), the referral (closed at once: it went straight to a service), the consent to be
 * referred (with the wording read and, when given, agreement to be phoned), the consent to share
 * outcomes with the force when given, and the onward referral; the service is told. One transaction.
 */
export function recordPatrolReferral(
  db: Db,
  audit: ActorAudit,
  policeOrganisationId: string,
  input: PatrolReferralInput,
  now = new Date(),
): RecordedPatrolReferral {
  if (!input.consentConfirmed) {
    throw new DomainError("A referral needs the person's consent to be referred.", {
      field: "consentConfirmed",
      status: 400,
    });
  }
  const recordedAt = now.toISOString();
  return db.transaction((tx) => {
    const wording = tx.select().from(consentWordings).where(eq(consentWordings.id, input.consentWordingId)).get();
    if (!wording || wording.scope !== "refer_to_service") {
      throw new DomainError(
        "The consent wording shown is not known: reload the page and read it to the person again.",
        {
          field: "consentConfirmed",
          status: 400,
        },
      );
    }
    if (!isLocalAuthority(tx, input.areaId))
      throw new DomainError("Choose the area from the list", { field: "areaId", status: 400 });
    const service = patrolServices(tx, input.needDomain, input.areaId).find((s) => s.id === input.serviceId);
    if (!service) {
      throw new DomainError("Choose a service from the list for this area and need", {
        field: "serviceId",
        status: 400,
      });
    }
    const serviceOrganisationId = tx
      .select({ organisationId: services.organisationId })
      .from(services)
      .where(eq(services.id, service.id))
      .get()!.organisationId;

    const { personId, isReturningPerson } = linkOrCreatePerson(tx, audit, input, recordedAt);

    const referralId = newId();
    tx.insert(arrestReferrals)
      .values({
        id: referralId,
        personId,
        source: "patrol",
        custodyEpisodeId: null,
        custodyCentreId: null,
        policeOrganisationId,
        areaId: input.areaId,
        state: "closed",
        closureReason: "onward_referrals_made",
        closedAt: recordedAt,
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
        toState: "closed",
        reason: `${CLOSURE_REASONS.onward_referrals_made}: referred on patrol straight to a service`,
        actorUserId: audit.userId,
        at: recordedAt,
      })
      .run();

    const consentBase = {
      personId,
      arrestReferralId: referralId,
      method: input.consentMethod,
      recordedByUserId: audit.userId,
      recordedAt,
    };
    const consentId = insertConsent(tx, {
      ...consentBase,
      scope: "refer_to_service",
      serviceId: service.id,
      sharedDomains: [input.needDomain],
      contactMethod: input.contactByPhone ? "phone" : null,
      wordingId: wording.id,
    });
    if (input.shareOutcomes) insertConsent(tx, { ...consentBase, scope: "share_outcomes_with_police" });

    const onwardReferralId = newId();
    tx.insert(onwardReferrals)
      .values({
        id: onwardReferralId,
        arrestReferralId: referralId,
        personId,
        serviceId: service.id,
        needDomain: input.needDomain,
        priority: "routine",
        note: input.note ?? "",
        consentId,
        status: "requested",
        createdByUserId: audit.userId,
        referringOrganisationId: policeOrganisationId,
        createdAt: recordedAt,
        updatedAt: recordedAt,
      })
      .run();
    recordAudit(tx, audit, {
      action: "patrol-referral.create",
      recordType: "arrest_referral",
      recordId: referralId,
      personId,
      detail: { serviceId: service.id, needDomain: input.needDomain, areaId: input.areaId, isReturningPerson },
    });
    notify(
      tx,
      { organisationId: serviceOrganisationId, role: "service_worker" },
      "onward_referral.new",
      `New referral from a police officer to ${service.name} (${needLabels[input.needDomain].toLowerCase()})`,
      `/service/referrals/${onwardReferralId}`,
    );
    queueNewReferralEmail(tx, service.id);
    return { referralId, onwardReferralId, personId, isReturningPerson };
  });
}

/** What the force may see of how it went: the status and what happened when, never the detail. */
export type PatrolOutcome =
  | { shared: true; status: OnwardReferralStatus; log: Pick<OutcomeLogEntry, "id" | "kind" | "occurredOn">[] }
  | { shared: false; status: null; log: [] };

export type PatrolReferralSummary = {
  id: string;
  createdAt: string;
  personName: string;
  dateOfBirth: string;
  needDomain: (typeof onwardReferrals.$inferSelect)["needDomain"];
  serviceName: string;
  servicePhone: string;
  areaName: string | null;
  outcome: PatrolOutcome;
};

/**
 * Whether this officer may see the outcome: a consent to share outcomes with the police, recorded
 * on this referral and still standing, that the consent-visibility table lets them read.
 */
function outcomeShared(
  db: Queryable,
  actor: Actor,
  referral: { id: string; personId: string; policeOrganisationId: string | null },
) {
  return activeConsentsOnReferral(db, referral.id, "share_outcomes_with_police").some((c) =>
    consentAllows(
      actor,
      consentResource(c, {
        custodyCentreId: null,
        providerOrganisationId: null,
        policeOrganisationId: referral.policeOrganisationId,
      }),
      "outcomes",
    ),
  );
}

function summaries(db: Queryable, actor: Actor, where: ReturnType<typeof and>, limit: number): PatrolReferralSummary[] {
  const rows = db
    .select({
      id: arrestReferrals.id,
      createdAt: arrestReferrals.createdAt,
      personId: arrestReferrals.personId,
      policeOrganisationId: arrestReferrals.policeOrganisationId,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      areaName: areas.name,
    })
    .from(arrestReferrals)
    .innerJoin(people, eq(people.id, arrestReferrals.personId))
    .leftJoin(areas, eq(areas.id, arrestReferrals.areaId))
    .where(where)
    .orderBy(desc(arrestReferrals.createdAt))
    .limit(limit)
    .all();
  if (!rows.length) return [];
  const onward = db
    .select({
      id: onwardReferrals.id,
      arrestReferralId: onwardReferrals.arrestReferralId,
      status: onwardReferrals.status,
      needDomain: onwardReferrals.needDomain,
      serviceName: services.name,
      servicePhone: services.phone,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .where(
      inArray(
        onwardReferrals.arrestReferralId,
        rows.map((r) => r.id),
      ),
    )
    .all();
  return rows.flatMap((r) => {
    const made = onward.find((o) => o.arrestReferralId === r.id);
    if (!made) return [];
    const shared = outcomeShared(db, actor, r);
    return [
      {
        id: r.id,
        createdAt: r.createdAt,
        personName: `${r.givenName} ${r.familyName}`,
        dateOfBirth: r.dateOfBirth,
        needDomain: made.needDomain,
        serviceName: made.serviceName,
        servicePhone: made.servicePhone,
        areaName: r.areaName,
        outcome: shared
          ? {
              shared: true as const,
              status: made.status,
              log: outcomeLog(db, made.id).map(({ id, kind, occurredOn }) => ({ id, kind, occurredOn })),
            }
          : { shared: false as const, status: null, log: [] as [] },
      },
    ];
  });
}

/** The officer's own patrol referrals, newest first. */
export function listMyPatrolReferrals(db: Queryable, actor: Actor, limit = 25): PatrolReferralSummary[] {
  return summaries(
    db,
    actor,
    and(eq(arrestReferrals.source, "patrol"), eq(arrestReferrals.createdByUserId, actor.userId)),
    limit,
  );
}

/** One patrol referral as its force's officers see it; undefined when it is not a patrol referral. */
export function patrolReferralView(db: Queryable, actor: Actor, referralId: string) {
  return summaries(db, actor, and(eq(arrestReferrals.id, referralId), eq(arrestReferrals.source, "patrol")), 1)[0];
}
