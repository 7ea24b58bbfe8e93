// The service directory as Open Referral HSDS 3.0 JSON, both ways: what Pathway publishes,
// and reading a file kept elsewhere into the same shape so an import can be compared with the
// directory before anything changes. No database here: directory-import.server.ts does that.
import { createHash } from "node:crypto";
import { z } from "zod";
import { SERVICE_KINDS, type ServiceKind } from "#db/schema";
import { serviceKindLabels } from "./onward-referral-states";

export const HSDS_VERSION = "3.0";
export const HSDS_OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
const KIND_TAXONOMY = "Pathway kinds of service";

// ---------------------------------------------------------------- identifiers

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAMESPACE = "6f1c2b9e-5d4a-4c1e-9b7a-3e2f8d0c4a61";

export const isUuid = (value: string) => UUID.test(value);

/**
 * HSDS identifiers are UUIDs. A record Pathway made keeps its own id and is published under a
 * name-based UUID (version 5 style) made from it, so the same record always has the same HSDS
 * id; a record that came from HSDS keeps its UUID as its Pathway id.
 */
export function hsdsId(kind: string, pathwayId: string): string {
  if (isUuid(pathwayId)) return pathwayId.toLowerCase();
  const bytes = createHash("sha1").update(Buffer.from(NAMESPACE.replace(/-/g, ""), "hex")).update(`${kind}:${pathwayId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const areaUri = (area: { kind: string; code: string }) => `urn:pathway:area:${area.kind}:${encodeURIComponent(area.code)}`;

// ---------------------------------------------------------------- Pathway's side

export type DirectoryOrganisation = { id: string; name: string; description: string; email: string; phone: string; website: string; kind: string; isActive: boolean };
export type DirectoryArea = { id: string; kind: string; name: string; code: string; parentAreaId: string | null };
export type DirectoryService = {
  id: string;
  organisationId: string;
  name: string;
  kind: ServiceKind;
  description: string;
  address: string;
  postcode: string;
  phone: string;
  email: string;
  website: string;
  hours: string;
  eligibility: string;
  isTakingReferrals: boolean;
  typicalWaitDays: number | null;
  lastVerifiedAt: string | null;
  updatedAt: string | null;
  createdAt: string;
  areaIds: string[];
};
export type DirectorySnapshot = { organisations: DirectoryOrganisation[]; services: DirectoryService[]; areas: DirectoryArea[] };

// ---------------------------------------------------------------- export

const waitText = (days: number) => (days === 1 ? "1 day" : `${days} days`);
const omitEmpty = <T extends Record<string, unknown>>(record: T) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== "" && value !== undefined && value !== null)) as Partial<T>;

/** "14 Harbour Road, Northfirth" → address_1 "14 Harbour Road", city "Northfirth"; joined back the same way. */
function splitAddress(address: string) {
  const at = address.lastIndexOf(", ");
  return at < 0 ? { address_1: address, city: "" } : { address_1: address.slice(0, at), city: address.slice(at + 2) };
}

function organisationToHsds(organisation: DirectoryOrganisation) {
  const id = hsdsId("organisation", organisation.id);
  return {
    id,
    name: organisation.name,
    description: organisation.description,
    ...omitEmpty({ email: organisation.email, website: organisation.website }),
    phones: organisation.phone ? [{ id: hsdsId("organisation-phone", organisation.id), organization_id: id, number: organisation.phone }] : [],
  };
}

function serviceToHsds(service: DirectoryService, organisation: DirectoryOrganisation, areasById: Map<string, DirectoryArea>) {
  const id = hsdsId("service", service.id);
  const locationId = hsdsId("service-location", service.id);
  const kindTermId = hsdsId("service-kind", service.kind);
  const phones = service.phone ? [{ id: hsdsId("service-phone", service.id), service_id: id, number: service.phone, type: "voice" }] : [];
  return {
    id,
    organization_id: hsdsId("organisation", organisation.id),
    name: service.name,
    description: service.description,
    ...omitEmpty({
      url: service.website,
      email: service.email,
      eligibility_description: service.eligibility,
      wait_time: service.typicalWaitDays === null ? "" : waitText(service.typicalWaitDays),
      assured_date: service.lastVerifiedAt?.slice(0, 10),
    }),
    status: service.isTakingReferrals ? "active" : "temporarily closed",
    last_modified: service.updatedAt ?? service.createdAt,
    phones,
    schedules: service.hours ? [{ id: hsdsId("service-schedule", service.id), service_id: id, description: service.hours }] : [],
    service_areas: service.areaIds
      .map((areaId) => areasById.get(areaId))
      .filter((area): area is DirectoryArea => area !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((area) => ({ id: hsdsId("service-area", `${service.id}:${area.id}`), service_id: id, name: area.name, uri: areaUri(area) })),
    service_at_locations:
      service.address || service.postcode
        ? [
            {
              id: hsdsId("service-at-location", service.id),
              service_id: id,
              location_id: locationId,
              location: {
                id: locationId,
                location_type: "physical",
                name: service.name,
                addresses: [
                  {
                    id: hsdsId("service-address", service.id),
                    location_id: locationId,
                    ...splitAddress(service.address),
                    state_province: "",
                    postal_code: service.postcode,
                    country: "GB",
                    address_type: "physical",
                  },
                ],
              },
            },
          ]
        : [],
    contacts:
      service.email || service.phone
        ? [{ id: hsdsId("service-contact", service.id), service_id: id, name: "Referrals", ...omitEmpty({ email: service.email }), phones }]
        : [],
    attributes: [
      {
        id: hsdsId("service-kind-link", service.id),
        link_id: id,
        link_type: "service",
        link_entity: "service",
        taxonomy_term_id: kindTermId,
        taxonomy_term: { id: kindTermId, code: service.kind, name: serviceKindLabels[service.kind], description: `Kind of service in Pathway: ${serviceKindLabels[service.kind]}`, taxonomy: KIND_TAXONOMY },
      },
    ],
    organization: organisationToHsds(organisation),
  };
}

/** The directory as one HSDS 3.0 API page of services (the shape of GET /services), with the API root's version. */
export function directoryToHsds(snapshot: DirectorySnapshot) {
  const organisationsById = new Map(snapshot.organisations.map((o) => [o.id, o]));
  const areasById = new Map(snapshot.areas.map((a) => [a.id, a]));
  const contents = [...snapshot.services]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((service) => serviceToHsds(service, organisationsById.get(service.organisationId)!, areasById));
  return {
    version: HSDS_VERSION,
    openapi_url: HSDS_OPENAPI_URL,
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}

// ---------------------------------------------------------------- import

export type ImportedOrganisation = { hsdsId: string; name: string; description: string; email: string; phone: string; website: string };
export type ImportedService = {
  hsdsId: string;
  /** Where the service sits in the file, for messages. */
  label: string;
  organisationHsdsId: string;
  name: string;
  /** Undefined when the file does not say: an existing service keeps its own. */
  kind?: ServiceKind;
  description: string;
  address: string;
  postcode: string;
  phone: string;
  email: string;
  website: string;
  hours: string;
  eligibility: string;
  isTakingReferrals: boolean;
  typicalWaitDays?: number | null;
  lastVerifiedOn?: string;
  areaRefs: { name?: string; uri?: string }[];
};
export type ParsedHsds =
  | { ok: true; organisations: ImportedOrganisation[]; services: ImportedService[]; warnings: string[] }
  | { ok: false; problems: string[] };

const text = z.string().optional().nullable();
const email = z.string().trim().email("is not an email address").optional().nullable().or(z.literal(""));
const webAddress = z
  .string()
  .trim()
  .url("is not a web address")
  .refine((v) => /^https?:\/\//i.test(v), "is not a web address starting with http:// or https://")
  .optional()
  .nullable()
  .or(z.literal(""));
const uuid = (what: string) => z.string({ required_error: "is missing", invalid_type_error: `must be text` }).trim().regex(UUID, `must be a UUID (HSDS 3.0 ${what} identifiers are UUIDs)`);
const phone = z.object({ number: z.string({ required_error: "is missing" }) }).passthrough();

const organisationSchema = z
  .object({
    id: uuid("organization"),
    name: z.string({ required_error: "is missing" }).trim().min(1, "is empty"),
    description: z.string({ required_error: "is missing (HSDS requires it, even if empty)" }),
    email,
    website: webAddress,
    phones: z.array(phone).optional().nullable(),
  })
  .passthrough();

const addressSchema = z
  .object({
    address_1: z.string({ required_error: "is missing" }),
    address_2: text,
    city: z.string({ required_error: "is missing" }),
    postal_code: z.string({ required_error: "is missing" }),
    address_type: text,
  })
  .passthrough();

const serviceSchema = z
  .object({
    id: uuid("service"),
    name: z.string({ required_error: "is missing" }).trim().min(1, "is empty"),
    status: z.enum(["active", "inactive", "defunct", "temporarily closed"], {
      errorMap: (issue, context) => ({
        message: context.data === undefined ? "is missing" : "must be active, inactive, defunct or temporarily closed",
      }),
    }),
    description: text,
    url: webAddress,
    email,
    eligibility_description: text,
    wait_time: text,
    assured_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}/, "must be a date like 2026-05-01")
      .optional()
      .nullable(),
    organization: organisationSchema.optional().nullable(),
    organization_id: uuid("organization").optional().nullable(),
    phones: z.array(phone).optional().nullable(),
    contacts: z.array(z.object({ email, phones: z.array(phone).optional().nullable() }).passthrough()).optional().nullable(),
    schedules: z
      .array(z.object({ description: text, notes: text, opens_at: text, closes_at: text, byday: text }).passthrough())
      .optional()
      .nullable(),
    service_areas: z.array(z.object({ name: text, uri: text }).passthrough()).optional().nullable(),
    service_at_locations: z
      .array(z.object({ location: z.object({ addresses: z.array(addressSchema).optional().nullable() }).passthrough().optional().nullable() }).passthrough())
      .optional()
      .nullable(),
    attributes: z
      .array(z.object({ taxonomy_term: z.object({ code: text, name: text }).passthrough().optional().nullable() }).passthrough())
      .optional()
      .nullable(),
  })
  .passthrough();

type HsdsService = z.infer<typeof serviceSchema>;

function describeIssues(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${where}: ${issue.path.join(".") || "the record"} ${issue.message}`);
}

/** Which list of services the file holds, in any of the shapes HSDS 3.0 uses. */
function findServiceList(document: unknown): { list: unknown[]; organisations: unknown[]; path: string } | { problem: string } {
  if (Array.isArray(document)) return { list: document, organisations: [], path: "" };
  if (typeof document !== "object" || document === null) return { problem: "The file holds JSON but not an HSDS object or list." };
  const record = document as Record<string, unknown>;
  if (record.version !== undefined && !String(record.version).startsWith("3")) {
    return { problem: `The file says it is HSDS version ${String(record.version)}; Pathway reads HSDS 3.0.` };
  }
  const organisations = Array.isArray(record.organizations) ? record.organizations : [];
  if (Array.isArray(record.contents)) return { list: record.contents, organisations, path: "contents" };
  if (Array.isArray(record.services)) return { list: record.services, organisations, path: "services" };
  if ("status" in record || "service_areas" in record || "organization" in record) return { list: [record], organisations, path: "" };
  if ("version" in record || organisations.length) return { list: [], organisations, path: "" };
  return { problem: "The file holds JSON but not HSDS: Pathway expects a page of services (contents), a list of services, or a single service." };
}

function parseWait(value: string | null | undefined): { days?: number | null; isUnderstood: boolean } {
  if (value === undefined || value === null || value.trim() === "") return { days: null, isUnderstood: true };
  const v = value.trim().toLowerCase();
  if (/^(none|no wait|same day)$/.test(v)) return { days: 0, isUnderstood: true };
  const days = /^(\d{1,3})\s*(d|day|days)?$/.exec(v);
  if (days) return { days: Number(days[1]), isUnderstood: true };
  const weeks = /^(\d{1,2})\s*(w|week|weeks)$/.exec(v);
  if (weeks) return { days: Number(weeks[1]) * 7, isUnderstood: true };
  return { isUnderstood: false };
}

function kindOf(service: HsdsService): ServiceKind | undefined {
  for (const attribute of service.attributes ?? []) {
    const term = attribute.taxonomy_term;
    if (!term) continue;
    const byCode = SERVICE_KINDS.find((k) => k === term.code);
    if (byCode) return byCode;
    const byName = SERVICE_KINDS.find((k) => serviceKindLabels[k].toLowerCase() === term.name?.trim().toLowerCase());
    if (byName) return byName;
  }
  return undefined;
}

function hoursOf(service: HsdsService): string {
  const schedule = service.schedules?.[0];
  if (!schedule) return "";
  if (schedule.description?.trim()) return schedule.description.trim();
  const times = [schedule.opens_at, schedule.closes_at].filter(Boolean).map((t) => t!.slice(0, 5)).join("–");
  return [schedule.byday, times].filter(Boolean).join(" ") || schedule.notes?.trim() || "";
}

function addressOf(service: HsdsService): { address: string; postcode: string } {
  const addresses = (service.service_at_locations ?? []).flatMap((sal) => sal.location?.addresses ?? []);
  const address = addresses.find((a) => a.address_type === "physical") ?? addresses[0];
  if (!address) return { address: "", postcode: "" };
  return {
    address: [address.address_1, address.address_2, address.city].map((p) => p?.trim()).filter(Boolean).join(", "),
    postcode: address.postal_code.trim(),
  };
}

function importOrganisation(record: z.infer<typeof organisationSchema>): ImportedOrganisation {
  return {
    hsdsId: record.id.toLowerCase(),
    name: record.name.trim(),
    description: record.description.trim(),
    email: record.email?.trim() ?? "",
    phone: record.phones?.[0]?.number.trim() ?? "",
    website: record.website?.trim() ?? "",
  };
}

/** Reads an HSDS 3.0 JSON file. Every problem is listed, so one attempt shows them all. */
export function parseHsds(fileText: string): ParsedHsds {
  let document: unknown;
  try {
    document = JSON.parse(fileText);
  } catch (error) {
    return { ok: false, problems: [`The file is not valid JSON: ${(error as Error).message}`] };
  }
  const found = findServiceList(document);
  if ("problem" in found) return { ok: false, problems: [found.problem] };

  const problems: string[] = [];
  const warnings: string[] = [];
  const organisations = new Map<string, ImportedOrganisation>();
  const addOrganisation = (record: unknown, where: string) => {
    const parsed = organisationSchema.safeParse(record);
    if (!parsed.success) return problems.push(...describeIssues(where, parsed.error));
    const organisation = importOrganisation(parsed.data);
    const seen = organisations.get(organisation.hsdsId);
    if (seen && JSON.stringify(seen) !== JSON.stringify(organisation)) {
      problems.push(`${where}: organization ${organisation.hsdsId} appears twice with different details`);
    }
    organisations.set(organisation.hsdsId, organisation);
  };
  found.organisations.forEach((record, index) => addOrganisation(record, `organizations[${index}]`));

  const services: ImportedService[] = [];
  const seenIds = new Set<string>();
  found.list.forEach((record, index) => {
    const position = found.path ? `${found.path}[${index}]` : found.list.length > 1 ? `[${index}]` : "the service";
    const name = typeof (record as { name?: unknown })?.name === "string" ? (record as { name: string }).name : "";
    const label = name ? `Service “${name}” (${position})` : `Service at ${position}`;
    const parsed = serviceSchema.safeParse(record);
    if (!parsed.success) return problems.push(...describeIssues(label, parsed.error));
    const service = parsed.data;
    const id = service.id.toLowerCase();
    if (seenIds.has(id)) return problems.push(`${label}: id ${id} is used by another service in the file`);
    seenIds.add(id);

    if (service.organization) addOrganisation(service.organization, `${label} organization`);
    const organisationHsdsId = (service.organization?.id ?? service.organization_id ?? "").toLowerCase();
    if (!organisationHsdsId) return problems.push(`${label}: organization is missing: Pathway needs to know who runs the service`);

    const areaRefs = (service.service_areas ?? []).map((a) => ({ name: a.name?.trim() || undefined, uri: a.uri?.trim() || undefined }));

    const wait = parseWait(service.wait_time);
    if (!wait.isUnderstood) warnings.push(`${label}: wait_time “${service.wait_time}” is not a number of days or weeks, so the typical wait is left as it is.`);
    const kind = kindOf(service);
    const contact = service.contacts?.find((c) => c.email || c.phones?.length);
    services.push({
      hsdsId: id,
      label,
      organisationHsdsId,
      name: service.name.trim(),
      kind,
      description: service.description?.trim() ?? "",
      ...addressOf(service),
      phone: (service.phones?.[0]?.number ?? contact?.phones?.[0]?.number ?? "").trim(),
      email: (service.email || contact?.email || "").trim(),
      website: service.url?.trim() ?? "",
      hours: hoursOf(service),
      eligibility: service.eligibility_description?.trim() ?? "",
      isTakingReferrals: service.status === "active",
      ...(wait.isUnderstood ? { typicalWaitDays: wait.days } : {}),
      ...(service.assured_date ? { lastVerifiedOn: service.assured_date.slice(0, 10) } : {}),
      areaRefs,
    });
  });

  if (problems.length) return { ok: false, problems };
  return { ok: true, organisations: [...organisations.values()], services, warnings };
}
