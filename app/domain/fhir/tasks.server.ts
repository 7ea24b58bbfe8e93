// The FHIR Task API's database side: searching and reading a key's own Tasks, and applying a
// JSON Patch from a service's system as outcome events. A key only ever reaches the Tasks of
// the services its organisation runs; anything else is "not found".
import { and, asc, count, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db, Queryable } from "#db/connection";
import {
  ONWARD_REFERRAL_STATUSES,
  onwardReferrals,
  organisations,
  outcomeEvents,
  services,
  type OnwardReferralStatus,
} from "#db/schema";
import { ukDateOf } from "~/utils/dates";
import { recordPeopleViewed } from "../audit.server";
import { DomainError } from "../errors";
import { sharedWithServices } from "../inbox.server";
import {
  nextOnwardStatus,
  outcomeEventSchema,
  type EndReason,
  type OutcomeEventInput,
} from "../onward-referral-states";
import { reportOutcomes } from "../outcomes.server";
import { fromFhirId, isFhirId, toFhirId } from "./codes";
import { FhirError, warningOutcome } from "./operation-outcome";
import {
  eventForStatusChange,
  eventFromOutput,
  toTask,
  type FhirTask,
  type TaskEvent,
  type TaskOutput,
  type TaskView,
} from "./task";
import type { ApiClient } from "../api-keys.server";

const referring = alias(organisations, "referring_organisation");
const owning = alias(organisations, "owning_organisation");

type TaskRow = TaskView & { personId: string; consentId: string | null; arrestReferralId: string };

function taskRows(db: Queryable, where: SQL | undefined, page?: { limit: number; offset: number }) {
  const query = db
    .select({
      id: onwardReferrals.id,
      version: onwardReferrals.version,
      status: onwardReferrals.status,
      statusReason: onwardReferrals.statusReason,
      statusReasonText: onwardReferrals.statusReasonText,
      needDomain: onwardReferrals.needDomain,
      priority: onwardReferrals.priority,
      note: onwardReferrals.note,
      createdAt: onwardReferrals.createdAt,
      updatedAt: onwardReferrals.updatedAt,
      personId: onwardReferrals.personId,
      consentId: onwardReferrals.consentId,
      arrestReferralId: onwardReferrals.arrestReferralId,
      serviceId: services.id,
      serviceName: services.name,
      serviceKind: services.kind,
      serviceOrganisationId: owning.id,
      serviceOrganisationName: owning.name,
      referringOrganisationId: referring.id,
      referringOrganisationName: referring.name,
    })
    .from(onwardReferrals)
    .innerJoin(services, eq(services.id, onwardReferrals.serviceId))
    .innerJoin(owning, eq(owning.id, services.organisationId))
    .innerJoin(referring, eq(referring.id, onwardReferrals.referringOrganisationId))
    .where(where)
    .orderBy(desc(onwardReferrals.updatedAt), asc(onwardReferrals.id));
  const rows = page ? query.limit(page.limit).offset(page.offset).all() : query.all();
  if (!rows.length) return [];
  const events = new Map<string, TaskEvent[]>();
  const eventRows = db
    .select({
      onwardReferralId: outcomeEvents.onwardReferralId,
      kind: outcomeEvents.kind,
      detail: outcomeEvents.detail,
      occurredOn: outcomeEvents.occurredOn,
      recordedAt: outcomeEvents.recordedAt,
      reportedByOrganisation: organisations.name,
    })
    .from(outcomeEvents)
    .innerJoin(organisations, eq(organisations.id, outcomeEvents.reportedByOrganisationId))
    .where(
      inArray(
        outcomeEvents.onwardReferralId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(outcomeEvents.recordedAt))
    .all();
  for (const { onwardReferralId, ...event } of eventRows) {
    const list = events.get(onwardReferralId) ?? [];
    list.push(event);
    events.set(onwardReferralId, list);
  }
  const shared = sharedWithServices(db, rows);
  return rows.map((row, i): TaskRow => {
    const { shared: sections, person, note } = shared[i];
    return { ...row, note, person, sharedSections: sections.sections, events: events.get(row.id) ?? [] };
  });
}

const ownTasks = (client: ApiClient) => inArray(onwardReferrals.serviceId, [...client.serviceIds]);

function auditReads(db: Queryable, client: ApiClient, rows: TaskRow[], ipAddress: string | null) {
  // One batch for the page's rows: one transaction, one insert, one commit.
  recordPeopleViewed(
    db,
    { userId: null, organisationId: client.organisationId, ipAddress },
    rows.map((row) => ({
      personId: row.personId,
      via: "fhir-task" as const,
      recordId: row.id,
      detail: { via: "fhir-api", apiKeyId: client.keyId },
    })),
  );
}

// ---------------------------------------------------------------- search

export type TaskSearch = {
  statuses: OnwardReferralStatus[] | null;
  lastUpdated: SQL[];
  /** Page size; 0 asks for the total only (FHIR's `_count=0`). */
  count: number;
  /** The `_count` asked for when it was more than the most a page holds. */
  countAsked: number | null;
  offset: number;
};

export const MAX_COUNT = 200;

/** Reads the search parameters Pathway supports; others are ignored, as FHIR servers may. */
export function parseTaskSearch(params: URLSearchParams): TaskSearch {
  let statuses: OnwardReferralStatus[] | null = null;
  for (const value of params.getAll("status")) {
    const listed = value.split(",").map((s) => s.trim());
    for (const s of listed) {
      if (!(ONWARD_REFERRAL_STATUSES as readonly string[]).includes(s))
        throw new FhirError(400, "value", `Unknown Task status “${s}”.`, "status");
    }
    // Repeated parameters must all hold (AND); commas inside one are alternatives (OR).
    statuses = statuses ? statuses.filter((s) => listed.includes(s)) : (listed as OnwardReferralStatus[]);
  }
  const lastUpdated = params.getAll("_lastUpdated").flatMap((value) => lastUpdatedCondition(value));
  const number = (name: string, fallback: number) => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw)) throw new FhirError(400, "value", `${name} must be a whole number.`, name);
    return Number(raw);
  };
  const countAsked = number("_count", 50);
  return {
    statuses,
    lastUpdated,
    count: Math.min(countAsked, MAX_COUNT),
    countAsked: countAsked > MAX_COUNT ? countAsked : null,
    offset: Math.min(number("_offset", 0), 1_000_000),
  };
}

/** `_lastUpdated=ge2026-03-01`, `lt2026-03-01T12:00:00Z`…; a bare date covers that day (UTC). */
function lastUpdatedCondition(value: string): SQL[] {
  const match = value.match(
    /^(eq|ge|gt|le|lt)?(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/,
  );
  if (!match)
    throw new FhirError(
      400,
      "value",
      `_lastUpdated “${value}” is not a date or dateTime with an optional ge, gt, le, lt or eq prefix.`,
      "_lastUpdated",
    );
  const prefix = match[1] ?? "eq";
  const isDate = !match[3];
  const start = new Date(isDate ? `${match[2]}T00:00:00.000Z` : value.slice(match[1]?.length ?? 0));
  if (Number.isNaN(start.getTime()))
    throw new FhirError(400, "value", `_lastUpdated “${value}” is not a real date.`, "_lastUpdated");
  const end = isDate ? new Date(start.getTime() + 86_400_000) : new Date(start.getTime() + 1);
  const from = start.toISOString();
  const to = end.toISOString();
  switch (prefix) {
    case "ge":
      return [gte(onwardReferrals.updatedAt, from)];
    case "gt":
      return [gte(onwardReferrals.updatedAt, to)];
    case "le":
      return [lt(onwardReferrals.updatedAt, to)];
    case "lt":
      return [lt(onwardReferrals.updatedAt, from)];
    default:
      return [gte(onwardReferrals.updatedAt, from), lt(onwardReferrals.updatedAt, to)];
  }
}

/** A searchset Bundle of the key's own Tasks, newest change first. */
export function searchTasks(
  db: Queryable,
  client: ApiClient,
  search: TaskSearch,
  selfUrl: URL,
  ipAddress: string | null,
) {
  const conditions: SQL[] = [ownTasks(client), ...search.lastUpdated];
  if (search.statuses) conditions.push(inArray(onwardReferrals.status, search.statuses));
  const where = and(...conditions);
  const total = client.serviceIds.size
    ? (db.select({ n: count() }).from(onwardReferrals).where(where).get()?.n ?? 0)
    : 0;
  // `_count=0` is FHIR's way to ask how many match: the total, no Tasks (and so no reads to audit).
  const rows =
    client.serviceIds.size && search.count > 0
      ? taskRows(db, where, { limit: search.count, offset: search.offset })
      : [];
  auditReads(db, client, rows, ipAddress);
  const base = `${selfUrl.origin}/api/fhir`;
  const pageUrl = (offset: number) => {
    const url = new URL(selfUrl);
    url.searchParams.set("_count", String(search.count));
    url.searchParams.set("_offset", String(offset));
    return url.toString();
  };
  // The self link is the search as performed: with the page size actually used.
  const link = [{ relation: "self", url: search.countAsked ? pageUrl(search.offset) : selfUrl.toString() }];
  if (search.count > 0) {
    if (search.offset + rows.length < total)
      link.push({ relation: "next", url: pageUrl(search.offset + search.count) });
    if (search.offset > 0) link.push({ relation: "previous", url: pageUrl(Math.max(0, search.offset - search.count)) });
  }
  const entry: Record<string, unknown>[] = rows.map((row) => ({
    fullUrl: `${base}/Task/${toFhirId(row.id)}`,
    resource: toTask(row),
    search: { mode: "match" },
  }));
  if (search.countAsked) {
    entry.push({
      resource: warningOutcome(
        "too-costly",
        `_count=${search.countAsked} is more than a page holds: this page has at most ${MAX_COUNT}. Follow the next link for the rest.`,
        "_count",
      ),
      search: { mode: "outcome" },
    });
  }
  return { resourceType: "Bundle", type: "searchset", total, link, ...(entry.length ? { entry } : {}) };
}

// ---------------------------------------------------------------- read

function findOwnTask(db: Queryable, client: ApiClient, fhirId: string): TaskRow {
  if (!isFhirId(fhirId)) throw new FhirError(404, "not-found", `Task/${fhirId} is not known.`);
  const [row] = client.serviceIds.size
    ? taskRows(db, and(eq(onwardReferrals.id, fromFhirId(fhirId)), ownTasks(client)))
    : [];
  // Another organisation's Task is "not known", exactly like one that does not exist.
  if (!row) throw new FhirError(404, "not-found", `Task/${fhirId} is not known.`);
  return row;
}

export function readTask(db: Queryable, client: ApiClient, fhirId: string, ipAddress: string | null): FhirTask {
  const row = findOwnTask(db, client, fhirId);
  auditReads(db, client, [row], ipAddress);
  return toTask(row);
}

// ---------------------------------------------------------------- update by JSON Patch

type PatchOperation = { op: string; path: string; value?: unknown };

function parseOperations(body: unknown): PatchOperation[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new FhirError(400, "structure", "The body must be a JSON Patch: a non-empty array of operations.");
  }
  return body.map((op, index) => {
    if (!op || typeof op !== "object" || typeof op.op !== "string" || typeof op.path !== "string") {
      throw new FhirError(400, "structure", `Operation ${index} needs "op" and "path".`);
    }
    return op as PatchOperation;
  });
}

/** The value at a JSON Pointer inside a resource, for `test` operations. */
function pointerGet(resource: unknown, path: string): unknown {
  if (path === "") return resource;
  let cursor: unknown = resource;
  for (const raw of path.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    // Only the resource's own members: "/constructor" or "/__proto__" name nothing in it.
    if (cursor === null || typeof cursor !== "object" || !Object.hasOwn(cursor, key)) return undefined;
    cursor = (cursor as Record<string, unknown>)[key];
  }
  return cursor;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies a JSON Patch from a service's system. It may replace /status (with /statusReason
 * when rejecting or ending), add outcomes at /output/-, and test anything (a test of
 * /meta/versionId guards against overwriting a change it has not seen). Each change becomes
 * an outcome event through the same transitions as the web pages, all in one transaction.
 */
export function patchTask(
  db: Db,
  client: ApiClient,
  fhirId: string,
  body: unknown,
  options: { ifMatch?: string | null; ipAddress: string | null; now?: Date },
): FhirTask {
  const now = options.now ?? new Date();
  const today = ukDateOf(now);
  const row = findOwnTask(db, client, fhirId);
  const current = toTask(row);
  const operations = parseOperations(body);

  let expectedVersion: number | undefined;
  if (options.ifMatch) {
    const match = options.ifMatch.match(/^(W\/)?"(\d+)"$/);
    if (!match) throw new FhirError(400, "value", 'If-Match must look like W/"3".');
    expectedVersion = Number(match[2]);
  }
  let newStatus: string | undefined;
  let statusReason: Record<string, unknown> | undefined;
  const outputs: { output: TaskOutput; expression: string }[] = [];
  operations.forEach((op, index) => {
    const where = `operation ${index} (${op.op} ${op.path})`;
    if (op.op === "test") {
      if (op.path === "/meta/versionId") {
        expectedVersion = Number(op.value);
        if (!Number.isInteger(expectedVersion))
          throw new FhirError(422, "value", `${where}: versionId must be a number in a string.`);
      } else if (!sameJson(pointerGet(current, op.path), op.value)) {
        throw new FhirError(409, "conflict", `${where}: the test failed; the Task holds something else.`);
      }
      return;
    }
    if ((op.op === "replace" || op.op === "add") && op.path === "/status") {
      if (typeof op.value !== "string")
        throw new FhirError(422, "value", `${where}: the status must be a string.`, "Task.status");
      newStatus = op.value;
      return;
    }
    if ((op.op === "replace" || op.op === "add") && op.path === "/statusReason") {
      if (!op.value || typeof op.value !== "object")
        throw new FhirError(422, "value", `${where}: statusReason must be a CodeableConcept.`, "Task.statusReason");
      statusReason = op.value as Record<string, unknown>;
      return;
    }
    const existing = current.output?.length ?? 0;
    if (op.op === "add" && (op.path === "/output/-" || op.path === `/output/${existing + outputs.length}`)) {
      outputs.push({ output: op.value as TaskOutput, expression: `Task.output[${existing + outputs.length}]` });
      return;
    }
    if (op.op === "add" && op.path === "/output" && existing === 0 && Array.isArray(op.value)) {
      for (const output of op.value)
        outputs.push({ output: output as TaskOutput, expression: `Task.output[${outputs.length}]` });
      return;
    }
    throw new FhirError(
      422,
      "not-supported",
      `${where}: only /status, /statusReason and new /output entries can be changed, and "test" used anywhere.`,
    );
  });
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new FhirError(
      412,
      "conflict",
      `The Task is at version ${row.version}, not ${expectedVersion}: read it again before changing it.`,
    );
  }

  // Walk the events through the state machine first, so a refusal names the operation.
  const events: OutcomeEventInput[] = [];
  let status = row.status;
  let hasAttended = row.events.some((e) => e.kind === "attended");
  for (const { output, expression } of outputs) {
    const event = eventFromOutput(output, today, expression);
    const change = nextOnwardStatus(status, event.kind, "service", {
      endReason: event.kind === "ended" ? (event.endReason as EndReason) : undefined,
      hasAttended,
    });
    if (!change.ok) throw new FhirError(409, "business-rule", change.message, expression);
    status = change.status;
    if (event.kind === "attended") hasAttended = true;
    events.push(event);
  }
  if (newStatus !== undefined) {
    const event = eventForStatusChange(status, newStatus, statusReason as never, today, hasAttended);
    if (event) {
      const checked = outcomeEventSchema.safeParse(event);
      if (!checked.success)
        throw new FhirError(
          422,
          "required",
          `${checked.error.issues[0].message} (Task.statusReason.text).`,
          "Task.statusReason",
        );
      events.push(checked.data);
    }
  }
  if (!events.length) {
    throw new FhirError(
      422,
      "processing",
      statusReason ? "statusReason changes only together with the status it explains." : "The patch changes nothing.",
    );
  }

  try {
    reportOutcomes(
      db,
      { userId: null, organisationId: client.organisationId, ipAddress: options.ipAddress },
      row.id,
      events,
      {
        source: "api",
        expectedVersion: expectedVersion ?? row.version,
        now,
      },
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new FhirError(error.status === 422 ? 422 : 409, error.status === 422 ? "invalid" : "conflict", error.message);
  }
  return toTask(findOwnTask(db, client, fhirId));
}
