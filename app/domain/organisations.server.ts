// Organisations and their links: the custody centres a provider covers, the services a
// service provider runs, the areas a commissioner funds. Organisations are deactivated,
// never deleted, because records point at them.
import { asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  areas,
  commissionerAreas,
  custodyCentres,
  organisations,
  providerAreas,
  providerCentres,
  services,
  users,
  type Organisation,
  type OrganisationKind,
} from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";
import { endAllSessionsOfUser } from "./sessions.server";

export function listOrganisationsWithCounts(db: Queryable, filter: { kind?: OrganisationKind } = {}) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      isActive: organisations.isActive,
      userCount: count(users.id),
    })
    .from(organisations)
    .leftJoin(users, eq(users.organisationId, organisations.id))
    .where(filter.kind ? eq(organisations.kind, filter.kind) : undefined)
    .groupBy(organisations.id)
    .orderBy(asc(organisations.kind), asc(organisations.name))
    .all();
}

export function findOrganisation(db: Queryable, organisationId: string) {
  return db.select().from(organisations).where(eq(organisations.id, organisationId)).get();
}

export function findOrganisationForAdmin(db: Queryable, organisationId: string) {
  const organisation = findOrganisation(db, organisationId);
  if (!organisation) return undefined;
  const centreIds = db
    .select({ id: providerCentres.custodyCentreId })
    .from(providerCentres)
    .where(eq(providerCentres.organisationId, organisationId))
    .all()
    .map((r) => r.id);
  const providerAreaIds = db
    .select({ id: providerAreas.areaId })
    .from(providerAreas)
    .where(eq(providerAreas.organisationId, organisationId))
    .all()
    .map((r) => r.id);
  const areaIds = db
    .select({ id: commissionerAreas.areaId })
    .from(commissionerAreas)
    .where(eq(commissionerAreas.organisationId, organisationId))
    .all()
    .map((r) => r.id);
  const ownServices = db
    .select({
      id: services.id,
      name: services.name,
      kind: services.kind,
      isTakingReferrals: services.isTakingReferrals,
    })
    .from(services)
    .where(eq(services.organisationId, organisationId))
    .orderBy(asc(services.name))
    .all();
  const members = db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      isActive: users.isActive,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(eq(users.organisationId, organisationId))
    .orderBy(asc(users.name))
    .all();
  const policeCentres =
    organisation.kind === "police"
      ? db
          .select({ id: custodyCentres.id, name: custodyCentres.name })
          .from(custodyCentres)
          .where(eq(custodyCentres.policeOrganisationId, organisationId))
          .orderBy(asc(custodyCentres.name))
          .all()
      : [];
  return { organisation, centreIds, providerAreaIds, areaIds, services: ownServices, users: members, policeCentres };
}

/** What an organisation form may link to. */
export function organisationLinkChoices(db: Queryable) {
  return {
    centres: db
      .select({
        id: custodyCentres.id,
        name: custodyCentres.name,
        code: custodyCentres.code,
        isActive: custodyCentres.isActive,
      })
      .from(custodyCentres)
      .orderBy(asc(custodyCentres.name))
      .all(),
    areas: db
      .select({ id: areas.id, name: areas.name, kind: areas.kind })
      .from(areas)
      .where(inArray(areas.kind, ["adp", "local_authority"]))
      .orderBy(asc(areas.kind), asc(areas.name))
      .all(),
  };
}

export type OrganisationInput = {
  name: string;
  description?: string;
  email?: string;
  phone?: string;
  website?: string;
  /** Referral providers. */
  queueOverdueMinutes?: number;
  followUpAttemptLimit?: number;
  centreIds?: string[];
  /** Local authority areas covered outside custody (NFO follow-ups). */
  providerAreaIds?: string[];
  /** Commissioners. */
  fundsAllAreas?: boolean;
  areaIds?: string[];
};

function checkNameIsFree(db: Queryable, name: string, exceptId?: string) {
  const existing = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${name})`)
    .get();
  if (existing && existing.id !== exceptId)
    throw new DomainError("An organisation with this name already exists", { field: "name", status: 409 });
}

function checkIds(db: Queryable, table: typeof custodyCentres | typeof areas, ids: string[], field: string) {
  if (!ids.length) return;
  const found = db.select({ id: table.id }).from(table).where(inArray(table.id, ids)).all();
  if (found.length !== new Set(ids).size)
    throw new DomainError("One of the choices is no longer there: reload the page", { field, status: 400 });
}

function writeLinks(tx: Queryable, organisation: Pick<Organisation, "id" | "kind">, input: OrganisationInput) {
  if (organisation.kind === "referral_provider") {
    const centreIds = [...new Set(input.centreIds ?? [])];
    checkIds(tx, custodyCentres, centreIds, "centreIds");
    tx.delete(providerCentres).where(eq(providerCentres.organisationId, organisation.id)).run();
    if (centreIds.length)
      tx.insert(providerCentres)
        .values(centreIds.map((custodyCentreId) => ({ organisationId: organisation.id, custodyCentreId })))
        .run();
    const providerAreaIds = [...new Set(input.providerAreaIds ?? [])];
    checkIds(tx, areas, providerAreaIds, "providerAreaIds");
    tx.delete(providerAreas).where(eq(providerAreas.organisationId, organisation.id)).run();
    if (providerAreaIds.length)
      tx.insert(providerAreas)
        .values(providerAreaIds.map((areaId) => ({ organisationId: organisation.id, areaId })))
        .run();
  }
  if (organisation.kind === "commissioner") {
    const areaIds = input.fundsAllAreas ? [] : [...new Set(input.areaIds ?? [])];
    checkIds(tx, areas, areaIds, "areaIds");
    tx.delete(commissionerAreas).where(eq(commissionerAreas.organisationId, organisation.id)).run();
    if (areaIds.length)
      tx.insert(commissionerAreas)
        .values(areaIds.map((areaId) => ({ organisationId: organisation.id, areaId })))
        .run();
  }
}

function columnsFor(kind: OrganisationKind, input: OrganisationInput) {
  return {
    name: input.name,
    description: input.description ?? "",
    email: input.email ?? "",
    phone: input.phone ?? "",
    website: input.website ?? "",
    ...(kind === "referral_provider"
      ? { queueOverdueMinutes: input.queueOverdueMinutes ?? 60, followUpAttemptLimit: input.followUpAttemptLimit ?? 3 }
      : {}),
    ...(kind === "commissioner" ? { fundsAllAreas: input.fundsAllAreas ?? false } : {}),
  };
}

export function createOrganisation(
  db: Db,
  audit: ActorAudit,
  kind: OrganisationKind,
  input: OrganisationInput,
): string {
  return db.transaction((tx) => {
    checkNameIsFree(tx, input.name);
    const id = newId();
    tx.insert(organisations)
      .values({ id, kind, ...columnsFor(kind, input) })
      .run();
    writeLinks(tx, { id, kind }, input);
    recordAudit(tx, audit, {
      action: "organisation.create",
      recordType: "organisation",
      recordId: id,
      detail: { kind, name: input.name },
    });
    return id;
  });
}

export function updateOrganisation(db: Db, audit: ActorAudit, organisationId: string, input: OrganisationInput) {
  db.transaction((tx) => {
    const before = findOrganisationForAdmin(tx, organisationId);
    if (!before) throw new DomainError("That organisation does not exist.", { status: 404 });
    checkNameIsFree(tx, input.name, organisationId);
    const columns = columnsFor(before.organisation.kind, input);
    tx.update(organisations)
      .set({ ...columns, updatedAt: new Date().toISOString() })
      .where(eq(organisations.id, organisationId))
      .run();
    writeLinks(tx, before.organisation, input);
    const changed = Object.entries(columns)
      .filter(([key, value]) => before.organisation[key as keyof Organisation] !== value)
      .map(([key]) => key);
    if (before.organisation.kind === "referral_provider" && !sameSet(before.centreIds, input.centreIds ?? []))
      changed.push("centres covered");
    if (
      before.organisation.kind === "referral_provider" &&
      !sameSet(before.providerAreaIds, input.providerAreaIds ?? [])
    )
      changed.push("areas covered");
    if (
      before.organisation.kind === "commissioner" &&
      !sameSet(before.areaIds, input.fundsAllAreas ? [] : (input.areaIds ?? []))
    )
      changed.push("areas funded");
    if (changed.length)
      recordAudit(tx, audit, {
        action: "organisation.update",
        recordType: "organisation",
        recordId: organisationId,
        detail: { changed },
      });
  });
}

const sameSet = (a: string[], b: string[]) => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/**
 * Deactivating stops everyone in it signing in (their sessions end now) and takes its services
 * out of the directory; its records stay. An administrator cannot deactivate their own.
 */
export function setOrganisationActive(db: Db, audit: ActorAudit, organisationId: string, isActive: boolean) {
  db.transaction((tx) => {
    const organisation = findOrganisation(tx, organisationId);
    if (!organisation) throw new DomainError("That organisation does not exist.", { status: 404 });
    if (organisation.isActive === isActive) return;
    if (!isActive && organisationId === audit.organisationId) {
      throw new DomainError("You cannot deactivate your own organisation: you would lose access to Pathway.", {
        status: 409,
      });
    }
    tx.update(organisations)
      .set({ isActive, updatedAt: new Date().toISOString() })
      .where(eq(organisations.id, organisationId))
      .run();
    if (!isActive) {
      for (const member of tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.organisationId, organisationId))
        .all()) {
        endAllSessionsOfUser(db, member.id);
      }
    }
    recordAudit(tx, audit, {
      action: isActive ? "organisation.reactivate" : "organisation.deactivate",
      recordType: "organisation",
      recordId: organisationId,
    });
  });
}
