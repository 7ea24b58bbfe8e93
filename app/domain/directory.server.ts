// The service directory: services with their kind, areas, contact details and whether they
// take referrals. Administrators keep it; referral workers, services and administrators read it.
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { areas, organisations, serviceAreas, services, type Service, type ServiceKind } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { addressFromOneLine, verificationDueSince } from "./directory";
import { DomainError } from "./errors";

export type DirectoryFilter = {
  kind?: ServiceKind;
  areaId?: string;
  isTakingReferrals?: boolean;
  search?: string;
  verificationDue?: boolean;
};

function areasByService(db: Queryable, serviceIds: string[]) {
  const byService = new Map<string, { id: string; name: string }[]>();
  if (!serviceIds.length) return byService;
  const rows = db
    .select({ serviceId: serviceAreas.serviceId, id: areas.id, name: areas.name })
    .from(serviceAreas)
    .innerJoin(areas, eq(areas.id, serviceAreas.areaId))
    .where(inArray(serviceAreas.serviceId, serviceIds))
    .orderBy(asc(areas.name))
    .all();
  for (const row of rows)
    byService.set(row.serviceId, [...(byService.get(row.serviceId) ?? []), { id: row.id, name: row.name }]);
  return byService;
}

function filterConditions(filter: DirectoryFilter, now: Date) {
  const conditions = [];
  if (filter.kind) conditions.push(eq(services.kind, filter.kind));
  if (filter.isTakingReferrals) conditions.push(eq(services.isTakingReferrals, true));
  if (filter.areaId) {
    conditions.push(
      sql`exists (select 1 from ${serviceAreas} where ${serviceAreas.serviceId} = ${services.id} and ${serviceAreas.areaId} = ${filter.areaId})`,
    );
  }
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        sql`${services.name} like ${pattern} escape '\\'`,
        sql`${services.description} like ${pattern} escape '\\'`,
        sql`${organisations.name} like ${pattern} escape '\\'`,
      ),
    );
  }
  if (filter.verificationDue)
    conditions.push(or(isNull(services.lastVerifiedAt), lt(services.lastVerifiedAt, verificationDueSince(now))));
  return conditions;
}

/** Services as the directory shows them; services of deactivated organisations are left out. */
export function listDirectory(db: Queryable, filter: DirectoryFilter = {}, now = new Date()) {
  const rows = db
    .select({
      id: services.id,
      name: services.name,
      kind: services.kind,
      description: services.description,
      address: services.address,
      postcode: services.postcode,
      phone: services.phone,
      email: services.email,
      website: services.website,
      hours: services.hours,
      eligibility: services.eligibility,
      isTakingReferrals: services.isTakingReferrals,
      typicalWaitDays: services.typicalWaitDays,
      lastVerifiedAt: services.lastVerifiedAt,
      organisationName: organisations.name,
    })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.organisationId))
    .where(and(eq(organisations.isActive, true), ...filterConditions(filter, now)))
    .orderBy(asc(services.name))
    .all();
  const areaMap = areasByService(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, areas: areaMap.get(r.id) ?? [] }));
}

/** Every service, for administrators, with when it was last checked and last edited. */
export function listServicesForAdmin(db: Queryable, filter: DirectoryFilter = {}, now = new Date()) {
  const conditions = filterConditions(filter, now);
  const rows = db
    .select({
      id: services.id,
      name: services.name,
      kind: services.kind,
      isTakingReferrals: services.isTakingReferrals,
      lastVerifiedAt: services.lastVerifiedAt,
      updatedAt: services.updatedAt,
      createdAt: services.createdAt,
      organisationId: services.organisationId,
      organisationName: organisations.name,
      isOrganisationActive: organisations.isActive,
    })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.organisationId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(services.name))
    .all();
  const areaMap = areasByService(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, areas: areaMap.get(r.id) ?? [] }));
}

export function countServicesDueVerification(db: Queryable, now = new Date()): number {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(services)
    .where(or(isNull(services.lastVerifiedAt), lt(services.lastVerifiedAt, verificationDueSince(now))))
    .get()!.n;
}

export function findServiceForAdmin(db: Queryable, serviceId: string) {
  const service = db.select().from(services).where(eq(services.id, serviceId)).get();
  if (!service) return undefined;
  const areaIds = db
    .select({ id: serviceAreas.areaId })
    .from(serviceAreas)
    .where(eq(serviceAreas.serviceId, serviceId))
    .all()
    .map((r) => r.id);
  return { service, areaIds };
}

export function serviceFormChoices(db: Queryable) {
  return {
    organisations: db
      .select({ id: organisations.id, name: organisations.name, isActive: organisations.isActive })
      .from(organisations)
      .where(eq(organisations.kind, "service_provider"))
      .orderBy(asc(organisations.name))
      .all(),
    localAuthorities: listLocalAuthorities(db),
  };
}

export function listLocalAuthorities(db: Queryable) {
  return db
    .select({ id: areas.id, name: areas.name })
    .from(areas)
    .where(eq(areas.kind, "local_authority"))
    .orderBy(asc(areas.name))
    .all();
}

const serviceColumns = [
  "organisationId",
  "name",
  "kind",
  "description",
  "address",
  "postcode",
  "phone",
  "email",
  "referralEmail",
  "website",
  "hours",
  "eligibility",
  "isTakingReferrals",
  "capacityPerMonth",
  "typicalWaitDays",
] as const satisfies readonly (keyof Service)[];

/** What the admin form gives for a service: the columns it edits, from the row's own types. */
export type ServiceInput = Pick<Service, Exclude<(typeof serviceColumns)[number], "referralEmail">> & {
  /** Where Pathway emails news of new referrals; left as it is when not given (an import). */
  referralEmail?: string;
  areaIds: string[];
  /** The administrator checked the details with the service just now. */
  isVerifiedNow: boolean;
};

export function checkServiceLinks(db: Queryable, organisationId: string, areaIds: string[]) {
  const organisation = db
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .get();
  if (organisation?.kind !== "service_provider")
    throw new DomainError("Choose the service provider that runs the service", {
      field: "organisationId",
      status: 400,
    });
  if (!areaIds.length)
    throw new DomainError("Choose at least one area the service serves", { field: "areaIds", status: 400 });
  const found = db
    .select({ id: areas.id })
    .from(areas)
    .where(and(inArray(areas.id, areaIds), eq(areas.kind, "local_authority")))
    .all();
  if (found.length !== new Set(areaIds).size)
    throw new DomainError("Choose local authorities from the list", { field: "areaIds", status: 400 });
}

export function writeServiceAreas(tx: Queryable, serviceId: string, areaIds: string[]) {
  tx.delete(serviceAreas).where(eq(serviceAreas.serviceId, serviceId)).run();
  tx.insert(serviceAreas)
    .values([...new Set(areaIds)].map((areaId) => ({ serviceId, areaId })))
    .run();
}

function pickColumns(input: ServiceInput) {
  return Object.fromEntries(serviceColumns.map((key) => [key, input[key]])) as Pick<
    ServiceInput,
    (typeof serviceColumns)[number]
  >;
}

export function createService(db: Db, audit: ActorAudit, input: ServiceInput, now = new Date()): string {
  return db.transaction((tx) => {
    checkServiceLinks(tx, input.organisationId, input.areaIds);
    const id = newId();
    tx.insert(services)
      .values({
        id,
        ...pickColumns(input),
        ...addressFromOneLine(input.address),
        lastVerifiedAt: input.isVerifiedNow ? now.toISOString() : null,
        updatedAt: now.toISOString(),
      })
      .run();
    writeServiceAreas(tx, id, input.areaIds);
    recordAudit(tx, audit, {
      action: "service.create",
      recordType: "service",
      recordId: id,
      detail: { name: input.name },
    });
    return id;
  });
}

/** Saves an edit made to version `expectedVersion`; refused if someone saved in between. */
export function updateService(
  db: Db,
  audit: ActorAudit,
  serviceId: string,
  expectedVersion: number,
  input: ServiceInput,
  now = new Date(),
) {
  db.transaction((tx) => {
    const before = findServiceForAdmin(tx, serviceId);
    if (!before) throw new DomainError("That service does not exist.", { status: 404 });
    if (before.service.version !== expectedVersion) {
      throw new DomainError(
        "Someone else changed this service while you were editing. Your changes are below: check them against the latest details and save again.",
        {
          status: 409,
        },
      );
    }
    checkServiceLinks(tx, input.organisationId, input.areaIds);
    const columns = pickColumns(input);
    const changed: string[] = serviceColumns.filter((key) => before.service[key] !== columns[key]);
    const areasChanged = [...new Set(input.areaIds)].sort().join() !== [...before.areaIds].sort().join();
    if (areasChanged) changed.push("areas");
    if (!changed.length && !input.isVerifiedNow) return;
    tx.update(services)
      .set({
        ...columns,
        // A new one-line address replaces the parts; an unchanged one keeps them.
        ...(columns.address !== before.service.address ? addressFromOneLine(columns.address) : {}),
        ...(input.isVerifiedNow ? { lastVerifiedAt: now.toISOString() } : {}),
        ...(changed.length ? { updatedAt: now.toISOString() } : {}),
        version: before.service.version + 1,
      })
      .where(and(eq(services.id, serviceId), eq(services.version, expectedVersion)))
      .run();
    if (areasChanged) writeServiceAreas(tx, serviceId, input.areaIds);
    recordAudit(tx, audit, {
      action: changed.length ? "service.update" : "service.verify",
      recordType: "service",
      recordId: serviceId,
      detail: { changed, ...(input.isVerifiedNow ? { verified: true } : {}) },
    });
  });
}

/** The details were checked with the service and are right: only the verified date moves. */
export function markServiceVerified(db: Db, audit: ActorAudit, serviceId: string, now = new Date()) {
  db.transaction((tx) => {
    const updated = tx
      .update(services)
      .set({ lastVerifiedAt: now.toISOString(), version: sql`${services.version} + 1` })
      .where(eq(services.id, serviceId))
      .run();
    if (!updated.changes) throw new DomainError("That service does not exist.", { status: 404 });
    recordAudit(tx, audit, { action: "service.verify", recordType: "service", recordId: serviceId });
  });
}
