// Publishing the directory as HSDS and loading an HSDS file into it. An import is planned
// first (what would change, field by field) and applied only as planned, all in one
// transaction: either every change is made or none is.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { areas, organisations, serviceAreas, services, uploads, type ServiceKind } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { writeServiceAreas } from "./directory.server";
import { DomainError } from "./errors";
import {
  areaUri,
  hsdsId,
  type DirectoryArea,
  type DirectoryOrganisation,
  type DirectoryService,
  type DirectorySnapshot,
} from "./hsds";
import { directoryToHsds } from "./hsds-export";
import { parseHsds, type ImportedOrganisation, type ImportedService } from "./hsds-import";
import { serviceKindLabels } from "./onward-referral-states";

export function loadDirectorySnapshot(db: Queryable): DirectorySnapshot {
  const serviceRows = db.select().from(services).all();
  const areaRows = db
    .select({ serviceId: serviceAreas.serviceId, areaId: serviceAreas.areaId })
    .from(serviceAreas)
    .all();
  const areaIdsByService = new Map<string, string[]>();
  for (const row of areaRows)
    areaIdsByService.set(row.serviceId, [...(areaIdsByService.get(row.serviceId) ?? []), row.areaId]);
  return {
    organisations: db
      .select({
        id: organisations.id,
        name: organisations.name,
        description: organisations.description,
        email: organisations.email,
        phone: organisations.phone,
        website: organisations.website,
        kind: organisations.kind,
        isActive: organisations.isActive,
      })
      .from(organisations)
      .all(),
    services: serviceRows.map(({ version: _version, ...service }) => ({
      ...service,
      areaIds: (areaIdsByService.get(service.id) ?? []).sort(),
    })),
    areas: db
      .select({ id: areas.id, kind: areas.kind, name: areas.name, code: areas.code, parentAreaId: areas.parentAreaId })
      .from(areas)
      .all(),
  };
}

/** The directory services of active organisations, as HSDS 3.0 JSON. */
export function exportDirectory(db: Queryable) {
  const snapshot = loadDirectorySnapshot(db);
  const activeIds = new Set(snapshot.organisations.filter((o) => o.isActive).map((o) => o.id));
  return directoryToHsds({ ...snapshot, services: snapshot.services.filter((s) => activeIds.has(s.organisationId)) });
}

// ---------------------------------------------------------------- planning

export type FieldChange = { field: string; from: string; to: string };
export type PlannedOrganisation = {
  action: "create" | "update" | "unchanged";
  pathwayId: string;
  name: string;
  changes: FieldChange[];
  record: ImportedOrganisation;
};
export type PlannedService = {
  action: "create" | "update" | "unchanged";
  pathwayId: string;
  name: string;
  organisationName: string;
  changes: FieldChange[];
  values: Omit<DirectoryService, "updatedAt" | "createdAt">;
};
export type ImportPlan = {
  fileSha256: string;
  organisations: PlannedOrganisation[];
  services: PlannedService[];
  warnings: string[];
  /** Identifies exactly these changes, so only what was previewed is applied. */
  fingerprint: string;
};
export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; problems: string[] };

const yesNo = (value: boolean) => (value ? "Yes" : "No");
const waitLabel = (days: number | null) => (days === null ? "(none)" : days === 1 ? "1 day" : `${days} days`);
const shown = (value: string) => (value === "" ? "(empty)" : value);

function resolveAreas(
  refs: ImportedService["areaRefs"],
  allAreas: DirectoryArea[],
  label: string,
  problems: string[],
): string[] {
  if (!refs.length) {
    problems.push(`${label}: service_areas is empty: Pathway needs at least one local authority the service serves.`);
    return [];
  }
  const localAuthorities = allAreas.filter((a) => a.kind === "local_authority");
  const ids = new Set<string>();
  for (const ref of refs) {
    const byUri = ref.uri ? allAreas.find((a) => areaUri(a) === ref.uri) : undefined;
    const name = ref.name?.toLowerCase();
    const byName =
      byUri ??
      (name ? allAreas.find((a) => a.name.toLowerCase() === name || a.code.toLowerCase() === name) : undefined);
    if (!byName) {
      problems.push(
        `${label}: the service area “${ref.name ?? ref.uri}” is not an area Pathway knows. Add it under Areas first, or use the name of a local authority.`,
      );
      continue;
    }
    if (byName.kind === "local_authority") ids.add(byName.id);
    else if (byName.kind === "adp")
      for (const la of localAuthorities.filter((a) => a.parentAreaId === byName.id)) ids.add(la.id);
    else
      problems.push(
        `${label}: the service area “${byName.name}” is a police division; services serve local authorities.`,
      );
  }
  return [...ids].sort();
}

function organisationChanges(current: DirectoryOrganisation, incoming: ImportedOrganisation): FieldChange[] {
  const fields = [
    ["Name", "name"],
    ["Description", "description"],
    ["Email", "email"],
    ["Phone", "phone"],
    ["Website", "website"],
  ] as const;
  return fields
    .filter(([, key]) => current[key] !== incoming[key])
    .map(([field, key]) => ({ field, from: shown(current[key]), to: shown(incoming[key]) }));
}

function serviceChanges(
  current: DirectoryService | undefined,
  next: PlannedService["values"],
  areaNames: Map<string, string>,
  organisationNames: Map<string, string>,
): FieldChange[] {
  const before = current ?? {
    organisationId: "",
    name: "",
    kind: "other" as ServiceKind,
    description: "",
    address: "",
    addressLine1: "",
    addressLine2: "",
    city: "",
    region: "",
    postcode: "",
    phone: "",
    email: "",
    website: "",
    hours: "",
    eligibility: "",
    alternateName: "",
    feesDescription: "",
    applicationProcess: "",
    interpretationServices: "",
    minimumAge: null,
    maximumAge: null,
    isTakingReferrals: true,
    capacityPerMonth: null,
    typicalWaitDays: null,
    lastVerifiedAt: null,
    areaIds: [],
  };
  const number = (value: number | null) => (value === null ? "(none)" : String(value));
  const changes: FieldChange[] = [];
  const add = (field: string, from: string, to: string) => {
    if (from !== to || !current) changes.push({ field, from: current ? from : "", to });
  };
  add("Run by", organisationNames.get(before.organisationId) ?? "", organisationNames.get(next.organisationId) ?? "");
  add("Name", before.name, next.name);
  add("Kind of service", current ? serviceKindLabels[before.kind] : "", serviceKindLabels[next.kind]);
  add("Description", shown(before.description), shown(next.description));
  add(
    "Areas served",
    before.areaIds
      .map((id) => areaNames.get(id))
      .sort()
      .join(", "),
    next.areaIds
      .map((id) => areaNames.get(id))
      .sort()
      .join(", "),
  );
  add("Other name", shown(before.alternateName), shown(next.alternateName));
  add("Address line 1", shown(before.addressLine1), shown(next.addressLine1));
  add("Address line 2", shown(before.addressLine2), shown(next.addressLine2));
  add("Town or city", shown(before.city), shown(next.city));
  add("Region", shown(before.region), shown(next.region));
  add("Postcode", shown(before.postcode), shown(next.postcode));
  add("Phone", shown(before.phone), shown(next.phone));
  add("Email", shown(before.email), shown(next.email));
  add("Website", shown(before.website), shown(next.website));
  add("Hours", shown(before.hours), shown(next.hours));
  add("Eligibility", shown(before.eligibility), shown(next.eligibility));
  add("Minimum age", current ? number(before.minimumAge) : "", number(next.minimumAge));
  add("Maximum age", current ? number(before.maximumAge) : "", number(next.maximumAge));
  add("How to apply", shown(before.applicationProcess), shown(next.applicationProcess));
  add("Fees", shown(before.feesDescription), shown(next.feesDescription));
  add("Interpreting", shown(before.interpretationServices), shown(next.interpretationServices));
  add("Referrals a month", current ? number(before.capacityPerMonth) : "", number(next.capacityPerMonth));
  add("Taking referrals", current ? yesNo(before.isTakingReferrals) : "", yesNo(next.isTakingReferrals));
  add("Typical wait", current ? waitLabel(before.typicalWaitDays) : "", waitLabel(next.typicalWaitDays));
  add(
    "Last verified",
    before.lastVerifiedAt?.slice(0, 10) ?? "(never)",
    next.lastVerifiedAt?.slice(0, 10) ?? "(never)",
  );
  return current
    ? changes
    : changes.filter((c) => c.to !== "" && c.to !== "(empty)" && c.to !== "(never)" && c.to !== "(none)");
}

/** What importing the file would change, worked out against `snapshot`; nothing is written. */
export function planImport(snapshot: DirectorySnapshot, fileText: string): PlanResult {
  const parsed = parseHsds(fileText);
  if (!parsed.ok) return parsed;
  const problems: string[] = [];
  const warnings = [...parsed.warnings];

  const organisationByHsdsId = new Map(snapshot.organisations.map((o) => [hsdsId("organisation", o.id), o]));
  const organisationByName = new Map(snapshot.organisations.map((o) => [o.name.toLowerCase(), o]));
  const plannedOrganisations = new Map<string, PlannedOrganisation>();
  const organisationNames = new Map(snapshot.organisations.map((o) => [o.id, o.name]));
  for (const incoming of parsed.organisations) {
    const current = organisationByHsdsId.get(incoming.hsdsId) ?? organisationByName.get(incoming.name.toLowerCase());
    if (current && current.kind !== "service_provider") {
      problems.push(
        `Organization “${incoming.name}” is in Pathway as an organisation that does not run services (${current.kind.replace(/_/g, " ")}).`,
      );
      continue;
    }
    const nameOwner = organisationByName.get(incoming.name.toLowerCase());
    if (current && nameOwner && nameOwner.id !== current.id) {
      problems.push(`Organization “${incoming.name}”: another organisation in Pathway already has this name.`);
      continue;
    }
    if (current && !current.isActive)
      warnings.push(
        `${current.name} is deactivated in Pathway: its services stay out of the directory until it is reactivated.`,
      );
    const sameNameInFile = [...plannedOrganisations.values()].find(
      (o) => o.name.toLowerCase() === incoming.name.toLowerCase(),
    );
    if (sameNameInFile) {
      problems.push(`Organization “${incoming.name}” appears in the file twice with different ids.`);
      continue;
    }
    const changes = current ? organisationChanges(current, incoming) : [];
    const pathwayId = current?.id ?? incoming.hsdsId;
    organisationNames.set(pathwayId, incoming.name);
    plannedOrganisations.set(incoming.hsdsId, {
      action: current ? (changes.length ? "update" : "unchanged") : "create",
      pathwayId,
      name: incoming.name,
      changes,
      record: incoming,
    });
  }

  const serviceByHsdsId = new Map(snapshot.services.map((s) => [hsdsId("service", s.id), s]));
  const areaNames = new Map(snapshot.areas.map((a) => [a.id, a.name]));
  const matched = new Set<string>();
  const plannedServices: PlannedService[] = [];
  for (const incoming of parsed.services) {
    const organisationId =
      plannedOrganisations.get(incoming.organisationHsdsId)?.pathwayId ??
      organisationByHsdsId.get(incoming.organisationHsdsId)?.id;
    if (!organisationId) {
      problems.push(
        `${incoming.label}: its organization ${incoming.organisationHsdsId} is neither in the file nor in Pathway.`,
      );
      continue;
    }
    if (
      organisationByHsdsId.get(incoming.organisationHsdsId)?.kind &&
      organisationByHsdsId.get(incoming.organisationHsdsId)!.kind !== "service_provider"
    ) {
      problems.push(`${incoming.label}: its organization is in Pathway as an organisation that does not run services.`);
      continue;
    }
    const current =
      serviceByHsdsId.get(incoming.hsdsId) ??
      snapshot.services.find(
        (s) =>
          s.organisationId === organisationId &&
          s.name.toLowerCase() === incoming.name.toLowerCase() &&
          !matched.has(s.id),
      );
    if (current && matched.has(current.id)) {
      problems.push(`${incoming.label}: matches “${current.name}”, which another service in the file also matches.`);
      continue;
    }
    if (current) matched.add(current.id);
    const areaIds = resolveAreas(incoming.areaRefs, snapshot.areas, incoming.label, problems);
    if (!current && !incoming.kind)
      warnings.push(
        `${incoming.label}: no kind of service Pathway knows, so it will be “${serviceKindLabels.other}”. Change it after the import.`,
      );
    const lastVerifiedAt =
      incoming.lastVerifiedOn === undefined
        ? (current?.lastVerifiedAt ?? null)
        : current?.lastVerifiedAt?.slice(0, 10) === incoming.lastVerifiedOn
          ? current.lastVerifiedAt
          : `${incoming.lastVerifiedOn}T12:00:00.000Z`;
    const values: PlannedService["values"] = {
      id: current?.id ?? incoming.hsdsId,
      organisationId,
      name: incoming.name,
      kind: incoming.kind ?? current?.kind ?? "other",
      description: incoming.description,
      address: incoming.address,
      addressLine1: incoming.addressLine1,
      addressLine2: incoming.addressLine2,
      city: incoming.city,
      region: incoming.region,
      postcode: incoming.postcode,
      phone: incoming.phone,
      email: incoming.email,
      // HSDS has no place for it: the address Pathway emails new referrals to stays as it was.
      referralEmail: current?.referralEmail ?? "",
      website: incoming.website,
      hours: incoming.hours,
      eligibility: incoming.eligibility,
      alternateName: incoming.alternateName,
      feesDescription: incoming.feesDescription,
      applicationProcess: incoming.applicationProcess,
      interpretationServices: incoming.interpretationServices,
      minimumAge: incoming.minimumAge,
      maximumAge: incoming.maximumAge,
      isTakingReferrals: incoming.isTakingReferrals,
      capacityPerMonth:
        incoming.capacityPerMonth === undefined ? (current?.capacityPerMonth ?? null) : incoming.capacityPerMonth,
      typicalWaitDays:
        incoming.typicalWaitDays === undefined ? (current?.typicalWaitDays ?? null) : incoming.typicalWaitDays,
      lastVerifiedAt,
      areaIds,
    };
    const changes = serviceChanges(current, values, areaNames, organisationNames);
    plannedServices.push({
      action: current ? (changes.length ? "update" : "unchanged") : "create",
      pathwayId: values.id,
      name: incoming.name,
      organisationName: organisationNames.get(organisationId) ?? "",
      changes,
      values,
    });
  }
  if (problems.length) return { ok: false, problems };

  const fileSha256 = createHash("sha256").update(fileText).digest("hex");
  const organisationsList = [...plannedOrganisations.values()];
  const fingerprint = createHash("sha256")
    .update(
      JSON.stringify([
        fileSha256,
        organisationsList.map((o) => [o.action, o.pathwayId, o.changes]),
        plannedServices.map((s) => [s.action, s.pathwayId, s.changes]),
      ]),
    )
    .digest("hex");
  return {
    ok: true,
    plan: { fileSha256, organisations: organisationsList, services: plannedServices, warnings, fingerprint },
  };
}

export function previewImport(db: Queryable, fileText: string): PlanResult {
  return planImport(loadDirectorySnapshot(db), fileText);
}

export type PlannedChangeCounts = ReturnType<typeof countPlannedChanges>;

export function countPlannedChanges(plan: ImportPlan) {
  const count = (list: { action: string }[], action: string) => list.filter((x) => x.action === action).length;
  return {
    organisationsCreated: count(plan.organisations, "create"),
    organisationsUpdated: count(plan.organisations, "update"),
    servicesCreated: count(plan.services, "create"),
    servicesUpdated: count(plan.services, "update"),
    servicesUnchanged: count(plan.services, "unchanged"),
  };
}

/**
 * Applies the import previewed with `fingerprint`. The plan is worked out again inside the
 * transaction: if the file or the directory changed since the preview, nothing is written.
 */
export function applyImport(db: Db, audit: ActorAudit, fileText: string, fingerprint: string, now = new Date()) {
  return db.transaction((tx) => {
    const result = planImport(loadDirectorySnapshot(tx), fileText);
    if (!result.ok)
      throw new DomainError(result.problems[0], { field: "file", status: 400, detail: { problems: result.problems } });
    const { plan } = result;
    if (plan.fingerprint !== fingerprint) {
      throw new DomainError(
        "The directory changed after the preview was made. Nothing was imported: upload the file again to see what it would change now.",
        { field: "file", status: 409 },
      );
    }
    const at = now.toISOString();
    for (const organisation of plan.organisations) {
      const { name, description, email, phone, website } = organisation.record;
      if (organisation.action === "create") {
        tx.insert(organisations)
          .values({ id: organisation.pathwayId, kind: "service_provider", name, description, email, phone, website })
          .run();
        recordAudit(tx, audit, {
          action: "organisation.create",
          recordType: "organisation",
          recordId: organisation.pathwayId,
          detail: { source: "hsds-import", name },
        });
      } else if (organisation.action === "update") {
        tx.update(organisations)
          .set({ name, description, email, phone, website, updatedAt: at })
          .where(eq(organisations.id, organisation.pathwayId))
          .run();
        recordAudit(tx, audit, {
          action: "organisation.update",
          recordType: "organisation",
          recordId: organisation.pathwayId,
          detail: { source: "hsds-import", changed: organisation.changes.map((c) => c.field) },
        });
      }
    }
    for (const service of plan.services) {
      if (service.action === "unchanged") continue;
      const { id, areaIds, ...columns } = service.values;
      if (service.action === "create") {
        tx.insert(services)
          .values({ id, ...columns, updatedAt: at })
          .run();
      } else {
        const current = tx.select({ version: services.version }).from(services).where(eq(services.id, id)).get()!;
        tx.update(services)
          .set({ ...columns, updatedAt: at, version: current.version + 1 })
          .where(eq(services.id, id))
          .run();
      }
      writeServiceAreas(tx, id, areaIds);
      recordAudit(tx, audit, {
        action: service.action === "create" ? "service.create" : "service.update",
        recordType: "service",
        recordId: id,
        detail: { source: "hsds-import", changed: service.changes.map((c) => c.field) },
      });
    }
    tx.insert(uploads)
      .values({
        id: newId(),
        kind: "hsds",
        organisationId: audit.organisationId,
        userId: audit.userId,
        fileSha256: plan.fileSha256,
        rowCount: plan.services.length,
        createdAt: at,
      })
      .run();
    const counts = countPlannedChanges(plan);
    recordAudit(tx, audit, {
      action: "directory.import",
      recordType: "upload",
      detail: { fileSha256: plan.fileSha256, ...counts },
    });
    return counts;
  });
}
