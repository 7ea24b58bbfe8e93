// The audit log: who read or changed what, when and from where. Rows are hash-chained so
// tampering shows; the database refuses UPDATE and DELETE on the table.
import { createHash } from "node:crypto";
import { asc, desc, gt } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { auditEvents } from "#db/schema";
import { nowIso } from "~/utils/dates";

export type AuditContext = {
  userId?: string | null;
  organisationId?: string | null;
  ipAddress?: string | null;
};

/** The audit context of a signed-in user. */
export type ActorAudit = AuditContext & { userId: string; organisationId: string };

export type AuditEntry = {
  action: string;
  recordType?: string;
  recordId?: string;
  personId?: string | null;
  detail?: Record<string, unknown>;
};

const GENESIS = "0".repeat(64);

type ChainedFields = {
  at: string;
  userId: string | null;
  organisationId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  personId: string | null;
  ipAddress: string | null;
  detail: string | null;
};

export function chainHash(prevHash: string, row: ChainedFields): string {
  const content = JSON.stringify([
    row.at,
    row.userId,
    row.organisationId,
    row.action,
    row.recordType,
    row.recordId,
    row.personId,
    row.ipAddress,
    row.detail,
  ]);
  return createHash("sha256").update(prevHash).update("|").update(content).digest("hex");
}

/** Writes one audit row. Call it inside the transaction that makes the change it records. */
export function recordAudit(db: Queryable, context: AuditContext, entry: AuditEntry) {
  // In a transaction of its own (a savepoint inside the caller's), so that reading the last hash
  // and writing the next row cannot interleave with another process's audit row.
  db.transaction((tx) => {
    const last = tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
    const prevHash = last?.hash ?? GENESIS;
    const row: ChainedFields = {
      at: nowIso(),
      userId: context.userId ?? null,
      organisationId: context.organisationId ?? null,
      action: entry.action,
      recordType: entry.recordType ?? null,
      recordId: entry.recordId ?? null,
      personId: entry.personId ?? null,
      ipAddress: context.ipAddress ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    };
    tx.insert(auditEvents).values({ ...row, prevHash, hash: chainHash(prevHash, row) }).run();
  });
}

/** Walks the chain; returns the sequence number of the first row that does not fit, or null. */
export function findBrokenAuditRow(db: Queryable): number | null {
  let prevHash = GENESIS;
  let afterSeq = 0;
  const pageSize = 5000;
  for (;;) {
    const page = db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, afterSeq))
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize)
      .all();
    for (const row of page) {
      if (row.prevHash !== prevHash || chainHash(prevHash, row) !== row.hash) return row.seq;
      prevHash = row.hash;
      afterSeq = row.seq;
    }
    if (page.length < pageSize) return null;
  }
}
