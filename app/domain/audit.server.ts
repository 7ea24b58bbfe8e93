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
  recordAudits(db, context, [entry]);
}

/** At most this many rows in one INSERT (11 bound values a row, well inside SQLite's limit). */
const ROWS_PER_INSERT = 1000;

/**
 * Writes audit rows in one batch: one read of the last hash and one multi-row insert, each row
 * chained to the one before it in the order given. Call it inside the transaction that makes
 * the change it records, or on its own for reads (one commit for the lot).
 */
export function recordAudits(db: Queryable, context: AuditContext, entries: readonly AuditEntry[]) {
  if (!entries.length) return;
  // In a transaction of its own (a savepoint inside the caller's), so that reading the last hash
  // and writing the next rows cannot interleave with another process's audit rows.
  db.transaction((tx) => {
    const last = tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
    let prevHash = last?.hash ?? GENESIS;
    const at = nowIso();
    const rows = entries.map((entry) => {
      const row: ChainedFields = {
        at,
        userId: context.userId ?? null,
        organisationId: context.organisationId ?? null,
        action: entry.action,
        recordType: entry.recordType ?? null,
        recordId: entry.recordId ?? null,
        personId: entry.personId ?? null,
        ipAddress: context.ipAddress ?? null,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
      };
      const hash = chainHash(prevHash, row);
      const chained = { ...row, prevHash, hash };
      prevHash = hash;
      return chained;
    });
    // A multi-row INSERT writes its rows in the order given, so seq follows the chain.
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      tx.insert(auditEvents)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .run();
    }
  });
}

/**
 * Where a person's record was seen, and the audit row each writes: the action and the kind of
 * record named. The actions are the ones the audit log has always used, so filters and reports
 * that look for them still find them.
 */
const personViews = {
  /** A referral worker's or custody officer's page about one arrest referral. */
  "arrest-referral": { action: "person.view", recordType: "arrest_referral" },
  /** A service's page about one onward referral. */
  "onward-referral": { action: "person.view", recordType: "onward_referral" },
  /** An onward referral read through the FHIR API. */
  "fhir-task": { action: "person.view", recordType: "onward_referral" },
  /** The assessment page of an arrest referral. */
  "referral-assessment": { action: "assessment.view", recordType: "arrest_referral" },
  /** One needs assessment. */
  "needs-assessment": { action: "assessment.view", recordType: "needs_assessment" },
  /** The printable card given on release. */
  "release-card": { action: "release-card.view", recordType: "arrest_referral" },
  /** A likely match shown to a custody officer while they type a name. */
  "match-shown": { action: "person.match-shown", recordType: "person" },
  /** A police officer's page about one patrol referral of their force. */
  "patrol-referral": { action: "person.view", recordType: "arrest_referral" },
} as const satisfies Record<string, { action: string; recordType: string }>;

export type PersonViewedFrom = keyof typeof personViews;

/** What one reading of a person's record was: `recordId` is the record the page or call was about. */
export type PersonView = { via: PersonViewedFrom; recordId: string; detail?: Record<string, unknown> };

/**
 * The one way a reading of a person's record is audited. `recordId` is the record the page or
 * call was about (the person's own id for a match shown).
 */
export function recordPersonViewed(db: Queryable, actor: AuditContext, personId: string, from: PersonView) {
  recordPeopleViewed(db, actor, [{ personId, ...from }]);
}

/** Several readings at once (a page of FHIR Tasks): one audit batch, one commit. */
export function recordPeopleViewed(
  db: Queryable,
  actor: AuditContext,
  views: readonly (PersonView & { personId: string })[],
) {
  recordAudits(
    db,
    actor,
    views.map(({ personId, via, recordId, detail }) => {
      const { action, recordType } = personViews[via];
      return { action, recordType, recordId, personId, ...(detail ? { detail } : {}) };
    }),
  );
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
