// Where Pathway works, as the administrator keeps it: areas (police divisions, local
// authorities, Alcohol and Drug Partnerships) and the custody centres that sit in them.
import { aliasedTable, and, asc, eq, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { areas, custodyCentres, organisations, providerCentres, type AreaKind } from "#db/schema";
import { newId } from "~/utils/ids";
import { areaKindLabels } from "./areas";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";

export function listAreas(db: Queryable) {
  const all = db
    .select({ id: areas.id, kind: areas.kind, name: areas.name, code: areas.code, parentAreaId: areas.parentAreaId })
    .from(areas)
    .orderBy(asc(areas.kind), asc(areas.name))
    .all();
  const names = new Map(all.map((a) => [a.id, a.name]));
  return all.map((a) => ({ ...a, parentName: a.parentAreaId ? (names.get(a.parentAreaId) ?? null) : null }));
}

export function findArea(db: Queryable, areaId: string) {
  return db.select().from(areas).where(eq(areas.id, areaId)).get();
}

export type AreaInput = { kind: AreaKind; name: string; code: string; parentAreaId?: string };

function checkArea(db: Queryable, input: AreaInput, exceptId?: string) {
  const sameCode = db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.kind, input.kind), sql`upper(${areas.code}) = upper(${input.code})`))
    .get();
  if (sameCode && sameCode.id !== exceptId)
    throw new DomainError(`Another ${areaKindLabels[input.kind].toLowerCase()} already has this code`, {
      field: "code",
      status: 409,
    });
  const sameName = db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.kind, input.kind), sql`lower(${areas.name}) = lower(${input.name})`))
    .get();
  if (sameName && sameName.id !== exceptId)
    throw new DomainError(`Another ${areaKindLabels[input.kind].toLowerCase()} already has this name`, {
      field: "name",
      status: 409,
    });
  if (input.parentAreaId) {
    if (input.kind !== "local_authority")
      throw new DomainError("Only a local authority sits inside an Alcohol and Drug Partnership", {
        field: "parentAreaId",
        status: 400,
      });
    const parent = findArea(db, input.parentAreaId);
    if (!parent || parent.kind !== "adp")
      throw new DomainError("Choose an Alcohol and Drug Partnership", { field: "parentAreaId", status: 400 });
  }
}

export function createArea(db: Db, audit: ActorAudit, input: AreaInput): string {
  return db.transaction((tx) => {
    checkArea(tx, input);
    const id = newId();
    tx.insert(areas)
      .values({ id, kind: input.kind, name: input.name, code: input.code, parentAreaId: input.parentAreaId ?? null })
      .run();
    recordAudit(tx, audit, {
      action: "area.create",
      recordType: "area",
      recordId: id,
      detail: { kind: input.kind, name: input.name },
    });
    return id;
  });
}

/** The kind of an area never changes: centres, services and funding point at it as that kind. */
export function updateArea(db: Db, audit: ActorAudit, areaId: string, input: Omit<AreaInput, "kind">) {
  db.transaction((tx) => {
    const area = findArea(tx, areaId);
    if (!area) throw new DomainError("That area does not exist.", { status: 404 });
    checkArea(tx, { ...input, kind: area.kind }, areaId);
    tx.update(areas)
      .set({
        name: input.name,
        code: input.code,
        parentAreaId: area.kind === "local_authority" ? (input.parentAreaId ?? null) : null,
      })
      .where(eq(areas.id, areaId))
      .run();
    recordAudit(tx, audit, {
      action: "area.update",
      recordType: "area",
      recordId: areaId,
      detail: { name: input.name, code: input.code },
    });
  });
}

export function listCentresForAdmin(db: Queryable) {
  const division = aliasedTable(areas, "division");
  const localAuthority = aliasedTable(areas, "local_authority");
  return db
    .select({
      id: custodyCentres.id,
      name: custodyCentres.name,
      code: custodyCentres.code,
      hours: custodyCentres.hours,
      isActive: custodyCentres.isActive,
      custodyReferenceExample: custodyCentres.custodyReferenceExample,
      divisionName: division.name,
      localAuthorityName: localAuthority.name,
      policeName: organisations.name,
      providerCount: sql<number>`(select count(*) from ${providerCentres} where ${providerCentres.custodyCentreId} = ${custodyCentres.id})`,
    })
    .from(custodyCentres)
    .innerJoin(division, eq(division.id, custodyCentres.divisionAreaId))
    .innerJoin(localAuthority, eq(localAuthority.id, custodyCentres.localAuthorityAreaId))
    .innerJoin(organisations, eq(organisations.id, custodyCentres.policeOrganisationId))
    .orderBy(asc(custodyCentres.name))
    .all();
}

export function findCentreForAdmin(db: Queryable, centreId: string) {
  const centre = db.select().from(custodyCentres).where(eq(custodyCentres.id, centreId)).get();
  if (!centre) return undefined;
  const providers = db
    .select({ id: organisations.id, name: organisations.name })
    .from(providerCentres)
    .innerJoin(organisations, eq(organisations.id, providerCentres.organisationId))
    .where(eq(providerCentres.custodyCentreId, centreId))
    .orderBy(asc(organisations.name))
    .all();
  return { centre, providers };
}

export function centreFormChoices(db: Queryable) {
  const all = db
    .select({ id: areas.id, kind: areas.kind, name: areas.name })
    .from(areas)
    .orderBy(asc(areas.name))
    .all();
  return {
    divisions: all.filter((a) => a.kind === "police_division"),
    localAuthorities: all.filter((a) => a.kind === "local_authority"),
    forces: db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.kind, "police"))
      .orderBy(asc(organisations.name))
      .all(),
  };
}

export type CentreInput = {
  name: string;
  code: string;
  policeOrganisationId: string;
  divisionAreaId: string;
  localAuthorityAreaId: string;
  custodyReferencePattern: string;
  custodyReferenceExample: string;
  hours: string;
  isActive: boolean;
};

/** Why a custody reference pattern cannot be used, or null. */
export function custodyReferencePatternProblem(
  pattern: string,
  example: string,
): { field: string; message: string } | null {
  let expression: RegExp;
  try {
    expression = new RegExp(pattern);
  } catch {
    return {
      field: "custodyReferencePattern",
      message: "This is not a pattern Pathway can read: check the brackets and backslashes",
    };
  }
  if (!pattern.startsWith("^") || !pattern.endsWith("$")) {
    return {
      field: "custodyReferencePattern",
      message: "Start the pattern with ^ and end it with $ so the whole reference is checked",
    };
  }
  if (!expression.test(example))
    return {
      field: "custodyReferenceExample",
      message: "The example does not fit the pattern: officers would be shown a reference they cannot type",
    };
  return null;
}

function checkCentre(db: Queryable, input: CentreInput, exceptId?: string) {
  const sameName = db
    .select({ id: custodyCentres.id })
    .from(custodyCentres)
    .where(sql`lower(${custodyCentres.name}) = lower(${input.name})`)
    .get();
  if (sameName && sameName.id !== exceptId)
    throw new DomainError("Another custody centre already has this name", { field: "name", status: 409 });
  const sameCode = db
    .select({ id: custodyCentres.id })
    .from(custodyCentres)
    .where(sql`upper(${custodyCentres.code}) = upper(${input.code})`)
    .get();
  if (sameCode && sameCode.id !== exceptId)
    throw new DomainError("Another custody centre already has this code", { field: "code", status: 409 });
  const force = db
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, input.policeOrganisationId))
    .get();
  if (force?.kind !== "police")
    throw new DomainError("Choose the police force that runs the centre", {
      field: "policeOrganisationId",
      status: 400,
    });
  if (findArea(db, input.divisionAreaId)?.kind !== "police_division")
    throw new DomainError("Choose the police division the centre is in", { field: "divisionAreaId", status: 400 });
  if (findArea(db, input.localAuthorityAreaId)?.kind !== "local_authority")
    throw new DomainError("Choose the local authority the centre is in", {
      field: "localAuthorityAreaId",
      status: 400,
    });
  const problem = custodyReferencePatternProblem(input.custodyReferencePattern, input.custodyReferenceExample);
  if (problem) throw new DomainError(problem.message, { field: problem.field, status: 400 });
}

export function createCentre(db: Db, audit: ActorAudit, input: CentreInput): string {
  return db.transaction((tx) => {
    checkCentre(tx, input);
    const id = newId();
    tx.insert(custodyCentres)
      .values({ id, ...input })
      .run();
    recordAudit(tx, audit, {
      action: "custody-centre.create",
      recordType: "custody_centre",
      recordId: id,
      detail: { name: input.name, code: input.code },
    });
    return id;
  });
}

export function updateCentre(db: Db, audit: ActorAudit, centreId: string, input: CentreInput) {
  db.transaction((tx) => {
    const before = tx.select().from(custodyCentres).where(eq(custodyCentres.id, centreId)).get();
    if (!before) throw new DomainError("That custody centre does not exist.", { status: 404 });
    checkCentre(tx, input, centreId);
    tx.update(custodyCentres).set(input).where(eq(custodyCentres.id, centreId)).run();
    const changed = (Object.keys(input) as (keyof CentreInput)[]).filter((key) => before[key] !== input[key]);
    if (changed.length)
      recordAudit(tx, audit, {
        action: "custody-centre.update",
        recordType: "custody_centre",
        recordId: centreId,
        detail: { changed },
      });
  });
}
