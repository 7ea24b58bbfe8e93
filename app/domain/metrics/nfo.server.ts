// The NFO group view: what multi-agency near-fatal overdose groups see of naloxone reports, in
// aggregate only. Every count carries the sum of its reports' record keys and leaves here as a
// perturbed cell (decision 013), rates come from perturbed counts and the median time to first
// contact is shown only on enough people: the same rule as every other figure.
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { countCell, rateCell, statisticCell, type Cell } from "../disclosure";
import { REPEAT_WITHIN_DAYS } from "../naloxone";
import { medianAndP90, periodBounds } from "./scope.server";
import { ukDaySql } from "./uk-time";

export type NfoFilter = {
  /** The areas asked for (any kind: the local authorities inside count), or every area. */
  areaIds: readonly string[] | "all";
  /** First and last day of the period, YYYY-MM-DD (both included). */
  from: string;
  to: string;
};

const COUNTS = ["nfos", "repeats", "contacted", "consented", "referredOn"] as const;
type CountName = (typeof COUNTS)[number];

export type NfoRow = {
  areaId: string;
  areaName: string;
} & Record<CountName, Cell> & {
    contactedRate: Cell;
    consentedRate: Cell;
    medianHoursToContact: Cell;
  };

export type NfoWeek = { week: string; total: Cell; byArea: Record<string, Cell> };

export type NfoFigures = {
  areas: NfoRow[];
  total: NfoRow;
  weeks: NfoWeek[];
  /** Areas broken out by week (only when few enough to read across). */
  weekAreas: { id: string; name: string }[];
};

/** The local authority areas within the filter's areas. */
function areaScope(filter: NfoFilter): SQL {
  if (filter.areaIds === "all") return sql`a.kind = 'local_authority'`;
  if (!filter.areaIds.length) return sql`0 = 1`;
  const ids = sql.join(
    filter.areaIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`a.kind = 'local_authority' AND (a.id IN (${ids}) OR a.parent_area_id IN (${ids})
    OR a.id IN (SELECT c.local_authority_area_id FROM custody_centres c WHERE c.division_area_id IN (${ids})))`;
}

/**
 * Each report of the period within the areas, with what the figures count of it. Its week is the
 * Monday of its UK calendar day (decision 025): 00:30 BST on a Monday is that Monday's week.
 */
function reportFacts(filter: NfoFilter): SQL {
  const { start, end } = periodBounds(filter);
  return sql`
    SELECT n.id, n.area_id, a.name AS area_name, coalesce(n.record_key, 0) AS rk, n.administered_at,
      date(${sql.raw(ukDaySql("n.administered_at"))}, 'weekday 0', '-6 days') AS week,
      EXISTS (SELECT 1 FROM naloxone_reports earlier WHERE earlier.person_id = n.person_id
        AND earlier.id <> n.id AND earlier.administered_at < n.administered_at
        AND earlier.administered_at >= strftime('%Y-%m-%dT%H:%M:%fZ', n.administered_at, ${`-${REPEAT_WITHIN_DAYS} days`})) AS is_repeat,
      (r.first_contact_at IS NOT NULL) AS is_contacted,
      (r.id IS NOT NULL AND r.awaiting_consent = 0) AS is_consented,
      EXISTS (SELECT 1 FROM onward_referrals o WHERE o.arrest_referral_id = r.id) AS is_referred_on,
      CASE WHEN r.first_contact_at IS NOT NULL
        THEN max(0, (julianday(r.first_contact_at) - julianday(n.administered_at)) * 24) END AS hours_to_contact
    FROM naloxone_reports n
    JOIN areas a ON a.id = n.area_id
    LEFT JOIN arrest_referrals r ON r.id = n.arrest_referral_id
    WHERE n.administered_at >= ${start} AND n.administered_at < ${end} AND ${areaScope(filter)}`;
}

const keyed = (name: string, condition: string) =>
  sql.raw(
    `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS ${name}, sum(CASE WHEN ${condition} THEN rk ELSE 0 END) AS ${name}_key`,
  );

const countColumns = sql.join(
  [
    keyed("nfos", "1"),
    keyed("repeats", "is_repeat"),
    keyed("contacted", "is_contacted"),
    keyed("consented", "is_consented"),
    keyed("referredOn", "is_referred_on"),
  ],
  sql`, `,
);

type RawCounts = Record<string, number | null>;

function row(areaId: string, areaName: string, raw: RawCounts | undefined, median: number | null): NfoRow {
  const cell = (name: CountName) => countCell(Number(raw?.[name] ?? 0), Number(raw?.[`${name}_key`] ?? 0));
  const counts = Object.fromEntries(COUNTS.map((name) => [name, cell(name)])) as Record<CountName, Cell>;
  return {
    areaId,
    areaName,
    ...counts,
    contactedRate: rateCell(counts.contacted, counts.nfos),
    consentedRate: rateCell(counts.consented, counts.contacted),
    medianHoursToContact: statisticCell(median, counts.contacted, (h) => `${h < 10 ? h.toFixed(1) : Math.round(h)} h`),
  };
}

/** Up to this many areas are broken out by week; more are read from the table by area. */
export const WEEK_AREAS_MAX = 8;

export function nfoFigures(db: Queryable, filter: NfoFilter): NfoFigures {
  // The reports' facts (each with its look-ups of earlier reports, contact and onward referrals)
  // are worked out once into a table of this connection's own, not once for each of the six
  // questions below: a sixth of the work for the whole UK's year. Nothing is written to the file.
  db.run(sql`CREATE TEMP TABLE nfo_facts AS ${reportFacts(filter)}`);
  try {
    return figuresFromFacts(db, filter, sql`SELECT * FROM temp.nfo_facts`);
  } finally {
    db.run(sql`DROP TABLE IF EXISTS temp.nfo_facts`);
  }
}

function figuresFromFacts(db: Queryable, filter: NfoFilter, facts: SQL): NfoFigures {
  const inScope = db.all<{ id: string; name: string }>(
    sql`SELECT a.id, a.name FROM areas a WHERE ${areaScope(filter)} ORDER BY a.name`,
  );
  const byArea = new Map(
    db
      .all<RawCounts & { area_id: string }>(
        sql`WITH f AS (${facts}) SELECT area_id, ${countColumns} FROM f GROUP BY area_id`,
      )
      .map((r) => [r.area_id, r]),
  );
  const total = db.all<RawCounts>(sql`WITH f AS (${facts}) SELECT ${countColumns} FROM f`)[0];

  const spread = (key: string) =>
    medianAndP90(sql`SELECT ${sql.raw(key)} AS key, '' AS label, hours_to_contact AS value, rk FROM (${facts})`);
  const medians = new Map(
    db.all<{ key: string; median: number | null }>(spread("area_id")).map((r) => [r.key, r.median]),
  );
  const totalMedian = db.all<{ median: number | null }>(spread("'all'"))[0]?.median ?? null;

  const weekAreas = inScope.length <= WEEK_AREAS_MAX ? inScope : [];
  const weekly = db.all<{ week: string; area_id: string; n: number; k: number }>(
    sql`WITH f AS (${facts}) SELECT week, area_id, count(*) AS n, sum(rk) AS k FROM f GROUP BY week, area_id`,
  );
  const weekTotals = db.all<{ week: string; n: number; k: number }>(
    sql`WITH f AS (${facts}) SELECT week, count(*) AS n, sum(rk) AS k FROM f GROUP BY week`,
  );
  const weeks = weeksOf(filter).map((week) => {
    const t = weekTotals.find((w) => w.week === week);
    const byAreaCells: Record<string, Cell> = Object.create(null);
    for (const area of weekAreas) {
      const w = weekly.find((x) => x.week === week && x.area_id === area.id);
      byAreaCells[area.id] = countCell(w?.n ?? 0, w?.k ?? 0);
    }
    return { week, total: countCell(t?.n ?? 0, t?.k ?? 0), byArea: byAreaCells };
  });

  return {
    areas: inScope.map((a) => row(a.id, a.name, byArea.get(a.id), medians.get(a.id) ?? null)),
    total: row("all", "All areas", total, totalMedian),
    weeks,
    weekAreas,
  };
}

/** The Mondays of the weeks that touch the period, in order. */
export function weeksOf(filter: Pick<NfoFilter, "from" | "to">): string[] {
  const first = new Date(`${filter.from}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  const weeks: string[] = [];
  for (const d = first; d.toISOString().slice(0, 10) <= filter.to; d.setUTCDate(d.getUTCDate() + 7))
    weeks.push(d.toISOString().slice(0, 10));
  return weeks;
}
