// Reading the audit log: filtering it, paging through it and exporting it as CSV. Reading it
// is itself written to the log by the callers, in the same request.
import { and, asc, desc, eq, gte, like, lt, lte, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { auditActions, auditEvents, organisations, users } from "#db/schema";
import { csvText } from "~/utils/csv";

export type AuditFilter = {
  userId?: string;
  organisationId?: string;
  personId?: string;
  /** The record the event is about (a service, a user…). */
  recordId?: string;
  /** An exact action ("user.invite") or a family of them ("user."). */
  action?: string;
  /** Inclusive UTC instants. */
  from?: string;
  to?: string;
};

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 100_000;

function conditions(filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.userId) where.push(eq(auditEvents.userId, filter.userId));
  if (filter.organisationId) where.push(eq(auditEvents.organisationId, filter.organisationId));
  if (filter.personId) where.push(eq(auditEvents.personId, filter.personId));
  if (filter.recordId) where.push(eq(auditEvents.recordId, filter.recordId));
  if (filter.action)
    where.push(
      filter.action.endsWith(".")
        ? like(auditEvents.action, `${filter.action.replace(/[%_]/g, "")}%`)
        : eq(auditEvents.action, filter.action),
    );
  if (filter.from) where.push(gte(auditEvents.at, filter.from));
  if (filter.to) where.push(lte(auditEvents.at, filter.to));
  return where;
}

function selectEvents(db: Queryable) {
  return db
    .select({
      seq: auditEvents.seq,
      at: auditEvents.at,
      userId: auditEvents.userId,
      userName: users.name,
      userEmail: users.email,
      organisationId: auditEvents.organisationId,
      organisationName: organisations.name,
      action: auditEvents.action,
      recordType: auditEvents.recordType,
      recordId: auditEvents.recordId,
      personId: auditEvents.personId,
      ipAddress: auditEvents.ipAddress,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.userId))
    .leftJoin(organisations, eq(organisations.id, auditEvents.organisationId));
}

/** Newest first, a page at a time: `beforeSeq` is the last row of the page before. */
export function searchAuditLog(db: Queryable, filter: AuditFilter, beforeSeq?: number) {
  const where = conditions(filter);
  if (beforeSeq) where.push(lt(auditEvents.seq, beforeSeq));
  const rows = selectEvents(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.seq))
    .limit(AUDIT_PAGE_SIZE + 1)
    .all();
  return { events: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE };
}

export function auditFilterChoices(db: Queryable) {
  return {
    users: db.select({ id: users.id, name: users.name, email: users.email }).from(users).orderBy(asc(users.name)).all(),
    organisations: db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .orderBy(asc(organisations.name))
      .all(),
    actions: db
      .select({ action: auditActions.action })
      .from(auditActions)
      .orderBy(asc(auditActions.action))
      .all()
      .map((r) => r.action),
  };
}

/** The filtered log as CSV, oldest first; the export says so if it stopped at the limit. */
export function auditLogCsv(db: Queryable, filter: AuditFilter) {
  const where = conditions(filter);
  const rows = selectEvents(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(auditEvents.seq))
    .limit(AUDIT_EXPORT_LIMIT)
    .all();
  const csv = csvText([
    [
      "Sequence",
      "Time (UTC)",
      "User",
      "User email",
      "User id",
      "Organisation",
      "Action",
      "Record type",
      "Record id",
      "Person id",
      "IP address",
      "Detail",
    ],
    ...rows.map((r) => [
      r.seq,
      r.at,
      r.userName,
      r.userEmail,
      r.userId,
      r.organisationName,
      r.action,
      r.recordType,
      r.recordId,
      r.personId,
      r.ipAddress,
      r.detail,
    ]),
  ]);
  return { csv, rowCount: rows.length, isTruncated: rows.length === AUDIT_EXPORT_LIMIT };
}
