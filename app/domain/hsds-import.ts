// Reading an HSDS 3.0 JSON file (a page of services, a list, or one service) into the shape the
// directory import plans with. Every field Pathway has a place for is kept; the fields it has
// none for are named in the preview's warnings, so nothing is dropped silently. No database here.
import { z } from "zod";
import { SERVICE_KINDS, type Organisation, type Service, type ServiceKind } from "#db/schema";
import { addressLine } from "./directory";
import { CAPACITY_CODE, UUID } from "./hsds";
import { serviceKindLabels } from "./onward-referral-states";

export type ImportedOrganisation = Pick<Organisation, "name" | "description" | "email" | "phone" | "website"> & {
  hsdsId: string;
};

/** The service columns an HSDS file always gives (an empty text when it says nothing). */
type ServiceFields = Pick<
  Service,
  | "name"
  | "description"
  | "address"
  | "addressLine1"
  | "addressLine2"
  | "city"
  | "region"
  | "postcode"
  | "phone"
  | "email"
  | "website"
  | "hours"
  | "eligibility"
  | "alternateName"
  | "feesDescription"
  | "applicationProcess"
  | "interpretationServices"
  | "minimumAge"
  | "maximumAge"
  | "isTakingReferrals"
>;

export type ImportedService = ServiceFields & {
  hsdsId: string;
  /** Where the service sits in the file, for messages. */
  label: string;
  organisationHsdsId: string;
  /** Undefined when the file does not say: an existing service keeps its own (also the wait and the capacity). */
  kind?: ServiceKind;
  typicalWaitDays?: number | null;
  capacityPerMonth?: number | null;
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
const uuid = (what: string) =>
  z
    .string({ required_error: "is missing", invalid_type_error: `must be text` })
    .trim()
    .regex(UUID, `must be a UUID (HSDS 3.0 ${what} identifiers are UUIDs)`);
const age = z
  .number({ invalid_type_error: "must be a number of years" })
  .int("must be a whole number of years")
  .min(0)
  .max(150)
  .optional()
  .nullable();
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
    state_province: text,
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
    alternate_name: text,
    url: webAddress,
    email,
    interpretation_services: text,
    application_process: text,
    fees_description: text,
    eligibility_description: text,
    minimum_age: age,
    maximum_age: age,
    wait_time: text,
    assured_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}/, "must be a date like 2026-05-01")
      .optional()
      .nullable(),
    organization: organisationSchema.optional().nullable(),
    organization_id: uuid("organization").optional().nullable(),
    phones: z.array(phone).optional().nullable(),
    contacts: z
      .array(z.object({ email, phones: z.array(phone).optional().nullable() }).passthrough())
      .optional()
      .nullable(),
    schedules: z
      .array(z.object({ description: text, notes: text, opens_at: text, closes_at: text, byday: text }).passthrough())
      .optional()
      .nullable(),
    service_areas: z
      .array(z.object({ name: text, uri: text }).passthrough())
      .optional()
      .nullable(),
    service_at_locations: z
      .array(
        z
          .object({
            location: z
              .object({ addresses: z.array(addressSchema).optional().nullable() })
              .passthrough()
              .optional()
              .nullable(),
          })
          .passthrough(),
      )
      .optional()
      .nullable(),
    attributes: z
      .array(
        z
          .object({
            value: text,
            taxonomy_term: z.object({ code: text, name: text }).passthrough().optional().nullable(),
          })
          .passthrough(),
      )
      .optional()
      .nullable(),
  })
  .passthrough();

type HsdsService = z.infer<typeof serviceSchema>;

function describeIssues(where: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => `${where}: ${issue.path.join(".") || "the record"} ${issue.message}`);
}

/** Which list of services the file holds, in any of the shapes HSDS 3.0 uses. */
function findServiceList(
  document: unknown,
): { list: unknown[]; organisations: unknown[]; path: string } | { problem: string } {
  if (Array.isArray(document)) return { list: document, organisations: [], path: "" };
  if (typeof document !== "object" || document === null)
    return { problem: "The file holds JSON but not an HSDS object or list." };
  const record = document as Record<string, unknown>;
  if (record.version !== undefined && !String(record.version).startsWith("3")) {
    return { problem: `The file says it is HSDS version ${String(record.version)}; Pathway reads HSDS 3.0.` };
  }
  const organisations = Array.isArray(record.organizations) ? record.organizations : [];
  if (Array.isArray(record.contents)) return { list: record.contents, organisations, path: "contents" };
  if (Array.isArray(record.services)) return { list: record.services, organisations, path: "services" };
  if ("status" in record || "service_areas" in record || "organization" in record)
    return { list: [record], organisations, path: "" };
  if ("version" in record || organisations.length) return { list: [], organisations, path: "" };
  return {
    problem:
      "The file holds JSON but not HSDS: Pathway expects a page of services (contents), a list of services, or a single service.",
  };
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
  const times = [schedule.opens_at, schedule.closes_at]
    .filter(Boolean)
    .map((t) => t!.slice(0, 5))
    .join("–");
  return [schedule.byday, times].filter(Boolean).join(" ") || schedule.notes?.trim() || "";
}

function addressOf(service: HsdsService) {
  const addresses = (service.service_at_locations ?? []).flatMap((sal) => sal.location?.addresses ?? []);
  const address = addresses.find((a) => a.address_type === "physical") ?? addresses[0];
  const parts = {
    addressLine1: address?.address_1.trim() ?? "",
    addressLine2: address?.address_2?.trim() ?? "",
    city: address?.city.trim() ?? "",
    region: address?.state_province?.trim() ?? "",
  };
  return { ...parts, address: addressLine(parts), postcode: address?.postal_code.trim() ?? "" };
}

/** The monthly capacity Pathway publishes as an attribute; undefined when the file has none. */
function capacityOf(service: HsdsService): { capacityPerMonth?: number | null; problem?: string } {
  const attribute = (service.attributes ?? []).find((a) => a.taxonomy_term?.code === CAPACITY_CODE);
  if (!attribute) return {};
  const value = attribute.value?.trim() ?? "";
  if (value === "") return { capacityPerMonth: null };
  return /^\d{1,6}$/.test(value)
    ? { capacityPerMonth: Number(value) }
    : { problem: `the capacity “${value}” is not a whole number of referrals a month` };
}

/** The HSDS service fields Pathway reads (or writes itself); any other that holds something is named in a warning. */
const KEPT_FIELDS = new Set([
  "id",
  "organization_id",
  "name",
  "alternate_name",
  "description",
  "url",
  "email",
  "status",
  "interpretation_services",
  "application_process",
  "fees_description",
  "wait_time",
  "eligibility_description",
  "minimum_age",
  "maximum_age",
  "assured_date",
  "last_modified",
  "phones",
  "schedules",
  "service_areas",
  "service_at_locations",
  "organization",
  "contacts",
  "attributes",
]);

const holdsSomething = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  value !== "" &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

/** What an API page or root holds besides its services: paging Pathway writes itself, and the version. */
const PAGE_FIELDS = new Set([
  "version",
  "openapi_url",
  "contents",
  "services",
  "organizations",
  "total_items",
  "total_pages",
  "page_number",
  "size",
  "first_page",
  "last_page",
  "empty",
]);

function notKeptOfPage(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((key) => !PAGE_FIELDS.has(key) && holdsSomething(record[key]));
}

function notKept(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((key) => !KEPT_FIELDS.has(key) && holdsSomething(record[key]));
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
  if (
    found.path !== "" ||
    (typeof document === "object" && document !== null && !Array.isArray(document) && found.list.length === 0)
  ) {
    const dropped = notKeptOfPage(document as Record<string, unknown>);
    if (dropped.length)
      warnings.push(
        `The file's ${dropped.join(", ")}: Pathway has no place for ${dropped.length === 1 ? "it" : "them"}, so ${dropped.length === 1 ? "it is" : "they are"} not kept.`,
      );
  }
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
    if (!organisationHsdsId)
      return problems.push(`${label}: organization is missing: Pathway needs to know who runs the service`);

    const areaRefs = (service.service_areas ?? []).map((a) => ({
      name: a.name?.trim() || undefined,
      uri: a.uri?.trim() || undefined,
    }));

    const wait = parseWait(service.wait_time);
    if (!wait.isUnderstood)
      warnings.push(
        `${label}: wait_time “${service.wait_time}” is not a number of days or weeks, so the typical wait is left as it is.`,
      );
    const kind = kindOf(service);
    const capacity = capacityOf(service);
    if (capacity.problem) return problems.push(`${label}: ${capacity.problem}`);
    const dropped = notKept(record as Record<string, unknown>);
    if (dropped.length)
      warnings.push(
        `${label}: Pathway has no place for ${dropped.join(", ")}, so ${dropped.length === 1 ? "it is" : "they are"} not kept.`,
      );
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
      alternateName: service.alternate_name?.trim() ?? "",
      feesDescription: service.fees_description?.trim() ?? "",
      applicationProcess: service.application_process?.trim() ?? "",
      interpretationServices: service.interpretation_services?.trim() ?? "",
      minimumAge: service.minimum_age ?? null,
      maximumAge: service.maximum_age ?? null,
      isTakingReferrals: service.status === "active",
      ...(wait.isUnderstood ? { typicalWaitDays: wait.days } : {}),
      ...("capacityPerMonth" in capacity ? { capacityPerMonth: capacity.capacityPerMonth } : {}),
      ...(service.assured_date ? { lastVerifiedOn: service.assured_date.slice(0, 10) } : {}),
      areaRefs,
    });
  });

  if (problems.length) return { ok: false, problems };
  return { ok: true, organisations: [...organisations.values()], services, warnings };
}
