// Finding a case by who the person is or by a reference, within the searcher's reach: workers
// and custody see arrest referrals at their centres, services see their own onward referrals.
// Every hit is checked again through the permission module before it is shown.
import { and, desc, eq, inArray, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Queryable } from "#db/connection";
import { arrestReferrals, custodyCentres, custodyEpisodes, onwardReferrals, people, services } from "#db/schema";
import { recordAudit, type ActorAudit } from "./audit.server";
import { onwardStatusLabels } from "./onward-referral-states";
import { nameKey } from "./people";
import { can, type Actor } from "./permissions";
import { referralSourceLabels } from "./referral-sources";
import { referralStateLabel } from "./referral-states";
import { referralHolders } from "./referrals.server";
import { SEARCH_LIMIT, type SearchTerms } from "./search";

export type SearchHit = {
  key: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  where: string;
  /** Custody's own reference; not shown to services. */
  custodyReference: string | null;
  createdAt: string;
  status: string;
  link: string;
};

const mergedPeople = alias(people, "merged_people");

/** Name and date of birth, as the person's record holds them or as one merged into it held them. */
function whoConditions(
  terms: SearchTerms,
  p: { givenNameKey: SQLiteColumn; familyNameKey: SQLiteColumn; dateOfBirth: SQLiteColumn },
): SQL[] {
  const conditions: SQL[] = [];
  for (const word of (terms.name ?? "").split(/\s+/).map(nameKey).filter(Boolean)) {
    conditions.push(or(like(p.givenNameKey, `${word}%`), like(p.familyNameKey, `${word}%`))!);
  }
  if (terms.dateOfBirth) conditions.push(eq(p.dateOfBirth, terms.dateOfBirth));
  return conditions;
}

function personConditions(terms: SearchTerms): SQL[] {
  // Someone not yet identified (decision 029) has no name to find them by.
  const conditions: SQL[] = [isNull(people.anonymisedAt), eq(people.isIdentified, true)];
  const who = whoConditions(terms, people);
  if (who.length) {
    conditions.push(
      or(
        and(...who),
        sql`exists (select 1 from ${people} ${sql.identifier("merged_people")} where ${mergedPeople.mergedIntoPersonId} = ${people.id} and ${and(
          ...whoConditions(terms, mergedPeople),
        )})`,
      )!,
    );
  }
  if (terms.custodyReference)
    conditions.push(eq(sql`upper(${custodyEpisodes.custodyReference})`, terms.custodyReference.toUpperCase()));
  return conditions;
}

/** Cases that match every term given, newest first, only those the actor may see. */
export function searchCases(db: Queryable, actor: Actor, audit: ActorAudit, terms: SearchTerms): SearchHit[] {
  const hits =
    actor.role === "service_worker" ? searchOnwardReferrals(db, actor, terms) : searchArrestReferrals(db, actor, terms);
  // Who searched and how much they saw; the terms themselves are personal data and are not kept.
  recordAudit(db, audit, { action: "person.search", detail: { results: hits.length } });
  return hits;
}

/** The referrals an actor's organisation holds: its centres', or those named to it (decision 014). */
function heldBy(actor: Actor): SQL | undefined {
  const held: SQL[] = [];
  if (actor.centreIds.size) held.push(inArray(arrestReferrals.custodyCentreId, [...actor.centreIds]));
  if (actor.role === "referral_worker") held.push(eq(arrestReferrals.providerOrganisationId, actor.organisationId));
  if (actor.role === "custody_officer" || actor.role === "police_officer")
    held.push(eq(arrestReferrals.policeOrganisationId, actor.organisationId));
  return held.length ? or(...held) : undefined;
}

/** Where a hit opens: custody's page for a custody referral, the officers' page for the others. */
function referralLink(actor: Actor, referral: { id: string; source: string }) {
  if (actor.role === "referral_worker") return `/worker/referrals/${referral.id}`;
  if (actor.role === "custody_officer" && referral.source === "custody") return `/custody/referrals/${referral.id}`;
  if (referral.source === "patrol") return `/police/patrol/${referral.id}`;
  // A naloxone follow-up is the provider's to work; the officers' pages list the reports.
  return "/police";
}

function searchArrestReferrals(db: Queryable, actor: Actor, terms: SearchTerms): SearchHit[] {
  const held = heldBy(actor);
  if (!held) return [];
  const conditions = personConditions(terms);
  if (terms.pathwayReference) {
    conditions.push(
      or(
        eq(arrestReferrals.id, terms.pathwayReference),
        sql`${arrestReferrals.id} in (select ${onwardReferrals.arrestReferralId} from ${onwardReferrals} where ${onwardReferrals.id} = ${terms.pathwayReference})`,
      )!,
    );
  }
  const rows = db
    .select({
      id: arrestReferrals.id,
      state: arrestReferrals.state,
      createdAt: arrestReferrals.createdAt,
      source: arrestReferrals.source,
      custodyCentreId: arrestReferrals.custodyCentreId,
      providerOrganisationId: arrestReferrals.providerOrganisationId,
      policeOrganisationId: arrestReferrals.policeOrganisationId,
      custodyReference: custodyEpisodes.custodyReference,
      centreName: custodyCentres.name,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
    })
    .from(arrestReferrals)
    .innerJoin(people, eq(people.id, arrestReferrals.personId))
    .leftJoin(custodyEpisodes, eq(custodyEpisodes.id, arrestReferrals.custodyEpisodeId))
    .leftJoin(custodyCentres, eq(custodyCentres.id, arrestReferrals.custodyCentreId))
    .where(and(held, ...conditions))
    .orderBy(desc(arrestReferrals.createdAt))
    .limit(SEARCH_LIMIT)
    .all();
  return rows
    .filter((r) => can(actor, "referral:view", { type: "arrestReferral", ...referralHolders(r), serviceIds: [] }))
    .map((r) => ({
      key: r.id,
      givenName: r.givenName,
      familyName: r.familyName,
      dateOfBirth: r.dateOfBirth,
      where: r.centreName ?? referralSourceLabels[r.source],
      custodyReference: r.custodyReference,
      createdAt: r.createdAt,
      status: referralStateLabel(r.state, r.source),
      link: referralLink(actor, r),
    }));
}

function searchOnwardReferrals(db: Queryable, actor: Actor, terms: SearchTerms): SearchHit[] {
  const serviceIds = [...actor.serviceIds];
  if (!serviceIds.length) return [];
  const conditions = personConditions(terms);
  if (terms.pathwayReference) {
    conditions.push(
      or(eq(onwardReferrals.id, terms.pathwayReference), eq(onwardReferrals.arrestReferralId, terms.pathwayReference))!,
    );
  }
  const rows = db
    .select({
      id: onwardReferrals.id,
      status: onwardReferrals.status,
      createdAt: onwardReferrals.createdAt,
      serviceId: onwardReferrals.serviceId,
      serviceName: services.name,
      custodyCentreId: arrestReferrals.custodyCentreId,
      providerOrganisationId: arrestReferrals.providerOrganisationId,
      policeOrganisationId: arrestReferrals.policeOrganisationId,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .innerJoin(arrestReferrals, eq(arrestReferrals.id, onwardReferrals.arrestReferralId))
    .innerJoin(people, eq(people.id, onwardReferrals.personId))
    .leftJoin(custodyEpisodes, eq(custodyEpisodes.id, arrestReferrals.custodyEpisodeId))
    .where(and(inArray(onwardReferrals.serviceId, serviceIds), ...conditions))
    .orderBy(desc(onwardReferrals.createdAt))
    .limit(SEARCH_LIMIT)
    .all();
  return rows
    .filter((r) =>
      can(actor, "onward-referral:view", {
        type: "onwardReferral",
        serviceId: r.serviceId,
        ...referralHolders(r),
      }),
    )
    .map((r) => ({
      key: r.id,
      givenName: r.givenName,
      familyName: r.familyName,
      dateOfBirth: r.dateOfBirth,
      where: r.serviceName,
      custodyReference: null,
      createdAt: r.createdAt,
      status: onwardStatusLabels[r.status],
      link: `/service/referrals/${r.id}`,
    }));
}
