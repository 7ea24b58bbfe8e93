// The open onward referrals from custody (about one in thirty of all), held in memory for the
// figures that count what is overdue now. Counting them in SQL meant finding each one's custody
// centre: on the UK file that read 112,000 referrals at random, 1 s warm and over 10 s from a
// cold disk, for every dashboard after any change. Held here, they are read in full once (at the
// figures thread's start, and again every ten minutes), and between times only the onward
// referrals changed since the last look are read again, by their update time; a count is then a
// pass over the list in memory, a few milliseconds. Decision 037.
import { sql } from "drizzle-orm";
import type { Db } from "#db/connection";
import { OPEN_ONWARD_STATUSES } from "../onward-referral-states";
import { acknowledgementOverdueBefore, feedbackOverdueBefore } from "../overdue";
import { overdueSettings } from "../overdue.server";
import { centreInAreas, countedReferralText } from "./scope.server";
import type { RawRow } from "./figure-table";
import type { MetricFilter } from "./filter";

/** One open onward referral: where it came from, where it went, and since when it waits. */
type Open = {
  centreId: string;
  serviceId: string;
  /** Not yet accepted or declined: overdue by working days since sent. Otherwise by days since its last feedback. */
  awaitingAnswer: boolean;
  /** Sent (awaiting an answer), or the last feedback (otherwise), in ms. */
  since: number;
  recordKey: number;
};

/** `seenUpTo` and `lastRow`: the newest change and the newest row seen, where the next look starts. */
type Held = { byRow: Map<number, Open>; loadedAt: number; seenUpTo: string | null; lastRow: number };

/** Read again in full this often by the figures thread; in a process without one, on the next count. */
export const OPEN_ONWARD_RELOAD_MS = 10 * 60_000;
/** Changes stamped this long before the newest one seen are read again: a write may commit late. */
const LATE_COMMIT_MS = 60_000;

const held = new WeakMap<Db, Held>();

// OPEN_ONWARD_STATUSES as literals, word for word the onward_referrals_open index's condition, so
// that SQLite may read that index (it holds every column read here) rather than the table.
const isOpen = `o.status IN (${OPEN_ONWARD_STATUSES.map((s) => `'${s}'`).join(", ")})`;

type Row = {
  row: number;
  centreId: string | null;
  serviceId: string;
  status: string;
  createdAt: string;
  respondedAt: string | null;
  lastOutcomeAt: string | null;
  recordKey: number | null;
  counted: number;
};

const columns = `o.rowid AS row, ar.custody_centre_id AS centreId, o.service_id AS serviceId, o.status,
  o.created_at AS createdAt, o.responded_at AS respondedAt, o.last_outcome_at AS lastOutcomeAt,
  o.record_key AS recordKey, ${countedReferralText("ar")} AS counted`;

/** Strings read once per load are kept once: 112,000 rows name a few hundred centres and services. */
function interner() {
  const known = new Map<string, string>();
  return (value: string) => {
    const found = known.get(value);
    if (found !== undefined) return found;
    known.set(value, value);
    return value;
  };
}

function openOf(row: Row, intern: (value: string) => string): Open | null {
  if (!row.centreId || !row.counted || !(OPEN_ONWARD_STATUSES as readonly string[]).includes(row.status)) return null;
  const awaitingAnswer = row.status === "requested";
  const since = awaitingAnswer ? row.createdAt : (row.lastOutcomeAt ?? row.respondedAt ?? row.createdAt);
  return {
    centreId: intern(row.centreId),
    serviceId: intern(row.serviceId),
    awaitingAnswer,
    since: Date.parse(since),
    recordKey: row.recordKey ?? 0,
  };
}

const newest = (db: Db) =>
  db.get<{ at: string | null; row: number | null }>(
    sql`SELECT (SELECT max(updated_at) FROM onward_referrals) AS at, (SELECT max(rowid) FROM onward_referrals) AS row`,
  )!;

/** Reads every open onward referral from custody again (the figures thread does, every ten minutes). */
export function reloadOpenOnwardReferrals(db: Db): void {
  const { at: seenUpTo, row: lastRow } = newest(db);
  // Row by row: the list is kept, the rows read are not.
  const rows = db.$client
    .prepare(
      `SELECT ${columns}
      FROM onward_referrals o INDEXED BY onward_referrals_open
      JOIN arrest_referrals ar ON ar.id = o.arrest_referral_id
      WHERE ${isOpen}`,
    )
    .iterate() as IterableIterator<Row>;
  const intern = interner();
  const byRow = new Map<number, Open>();
  for (const row of rows) {
    const open = openOf(row, intern);
    if (open) byRow.set(row.row, open);
  }
  held.set(db, { byRow, loadedAt: Date.now(), seenUpTo, lastRow: lastRow ?? 0 });
}

/** The open onward referrals, brought up to date with every change since the last look. */
function openOnwardReferrals(db: Db): Held {
  const kept = held.get(db);
  if (!kept || Date.now() - kept.loadedAt >= OPEN_ONWARD_RELOAD_MS * 2) {
    reloadOpenOnwardReferrals(db);
    return held.get(db)!;
  }
  // A row added with a time in the past (an import) is new by its rowid; a change that committed
  // after a newer one is read again within LATE_COMMIT_MS of it.
  const from = kept.seenUpTo ? new Date(Date.parse(kept.seenUpTo) - LATE_COMMIT_MS).toISOString() : "";
  const changed = db.all<Row & { updatedAt: string }>(sql`
    SELECT ${sql.raw(columns)}, o.updated_at AS updatedAt
    FROM onward_referrals o
    JOIN arrest_referrals ar ON ar.id = o.arrest_referral_id
    WHERE o.updated_at >= ${from} OR o.rowid > ${kept.lastRow}`);
  const intern = interner();
  for (const row of changed) {
    const open = openOf(row, intern);
    if (open) kept.byRow.set(row.row, open);
    else kept.byRow.delete(row.row);
    if (kept.seenUpTo === null || row.updatedAt > kept.seenUpTo) kept.seenUpTo = row.updatedAt;
    if (row.row > kept.lastRow) kept.lastRow = row.row;
  }
  return kept;
}

export type OverdueCounts = { readonly byService: readonly RawRow[]; readonly total: RawRow };

/**
 * Feedback overdue at `now` from the filter's centres, by service: every service with an open
 * onward referral from them, those with none overdue too. Each count carries its cell key.
 */
export function overdueByService(db: Db, filter: MetricFilter, now: Date): OverdueCounts {
  const { byRow } = openOnwardReferrals(db);
  const settings = overdueSettings(db, now);
  const answerBefore = acknowledgementOverdueBefore(now, settings).getTime();
  const feedbackBefore = feedbackOverdueBefore(now, settings).getTime();
  const centres =
    filter.areaIds === "all" && !filter.centreIds
      ? null
      : new Set(
          db
            .all<{ id: string }>(
              sql`SELECT c.id FROM custody_centres c WHERE ${centreInAreas(filter, sql.raw("c.id"))}`,
            )
            .map((c) => c.id),
        );
  const counts = new Map<string, { overdue: number; key: number }>();
  for (const open of byRow.values()) {
    if (centres && !centres.has(open.centreId)) continue;
    let count = counts.get(open.serviceId);
    if (!count) counts.set(open.serviceId, (count = { overdue: 0, key: 0 }));
    if (open.since < (open.awaitingAnswer ? answerBefore : feedbackBefore)) {
      count.overdue += 1;
      count.key += open.recordKey;
    }
  }
  const names = new Map(
    db.all<{ id: string; name: string }>(sql`SELECT id, name FROM services`).map((s) => [s.id, s.name]),
  );
  const total: RawRow = { key: "total", label: "All services", values: { overdue: 0, overdue_key: 0 } };
  const byService = [...counts].map(([serviceId, count]): RawRow => {
    total.values.overdue! += count.overdue;
    total.values.overdue_key! += count.key;
    return {
      key: serviceId,
      label: names.get(serviceId) ?? serviceId,
      values: { overdue: count.overdue, overdue_key: count.key },
    };
  });
  return { byService, total };
}
