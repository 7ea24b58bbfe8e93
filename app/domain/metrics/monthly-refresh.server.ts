// Working out the monthly figures (figure_months) for each custody centre: each centre-month by the
// same SQL as the live figures, grouped as finely as any breakdown needs.
//
// before figures are read, the stale centre-months they cover are worked out again. Figures
// that wait for time to pass (re-entry windows, feedback due after 28 days, appointments still
// to come) are kept by day or as if every wait had passed, and put right for "now" when read.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/connection";
import { needsProfileFigure } from "./assessments.server";
import { notTakenUpFigure, offersFigure } from "./custody.server";
import {
  addInto,
  ALL,
  asJson,
  daysOf,
  EVERYTHING_PASSED,
  NATIONAL,
  splitKey,
  splitOf,
  subKey,
  type Groups,
} from "./monthly-values";
import {
  engagementFigure,
  feedbackFigure,
  firstAppointmentsFigure,
  onwardByKindFigure,
  serviceResponsesFigure,
  waitingTimesFigure,
} from "./onward-referrals.server";
import { addMonths, lastDayOf } from "./period";
import { reEntryFigure } from "./re-entry.server";
import { referralsFigure, timeToFirstContactFigure } from "./referrals.server";
import { cellGrouping, type CountFigure, type Spread, type SpreadFigure, type ValueCounts } from "./scope.server";
import { pathwayFigure } from "./trends.server";
import { ukMonthOf } from "./uk-time";
import type { MetricFilter } from "./filter";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COUNT_FIGURES: CountFigure<any>[] = [
  offersFigure,
  notTakenUpFigure,
  referralsFigure,
  needsProfileFigure,
  onwardByKindFigure,
  serviceResponsesFigure,
  firstAppointmentsFigure,
  engagementFigure,
  feedbackFigure,
  reEntryFigure,
  pathwayFigure,
];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SPREAD_FIGURES: SpreadFigure<any>[] = [timeToFirstContactFigure, waitingTimesFigure];

export const spreadRows = (db: Db, figure: SpreadFigure<Spread>, filter: MetricFilter, extra?: SQL) =>
  db.all<{ key: string; value: number; n: number; k: number }>(sql`
    SELECT key, value, count(*) AS n, sum(rk) AS k FROM (${figure.source(filter, cellGrouping(figure.columns), extra)})
    WHERE value IS NOT NULL GROUP BY key, value ORDER BY key, value`);

const SPREAD_IDS = new Set(SPREAD_FIGURES.map((f) => f.id));
const FIGURE_IDS = [...COUNT_FIGURES.flatMap((f) => (f.byDay ? [f.id, daysOf(f.id)] : [f.id])), ...SPREAD_IDS].flatMap(
  (id) => [id, splitOf(id)],
);
const isSpread = (figure: string) => SPREAD_IDS.has(figure.split(":")[0]);

/** Each figure's groups for each centre-month of `filter` (one month, some centres). */
function workOut(db: Db, filter: MetricFilter) {
  const cells = new Map<string, Map<string, Groups>>();
  const add = (
    figure: string,
    centre: string,
    month: string,
    provider: string,
    detail: string,
    day: string,
    values: number[] | ValueCounts,
  ) => {
    const cellKey = `${centre}|${month}`;
    const figures = cells.get(cellKey) ?? new Map<string, Groups>();
    cells.set(cellKey, figures);
    const groupsOf = (id: string) => {
      const groups = figures.get(id) ?? new Map();
      figures.set(id, groups);
      return groups;
    };
    addInto(groupsOf(splitOf(figure)), subKey(provider, detail, day), values, isSpread(figure));
    addInto(groupsOf(figure), subKey(ALL, ALL, day), values, isSpread(figure));
  };
  for (const figure of COUNT_FIGURES) {
    const names = Object.keys(figure.empty);
    for (const row of db.all<Record<string, unknown>>(
      figure.query(filter, cellGrouping(figure.columns, Boolean(figure.byDay))),
    )) {
      const { centre, month, provider, detail, day } = splitKey(String(row.key));
      const values = names.map((n) => Number(row[n] ?? 0));
      // Figures that wait for time to pass are kept by day as well, for the months "now" falls in.
      if (figure.byDay) add(daysOf(figure.id), centre, month, provider, detail, day, values);
      add(figure.id, centre, month, provider, detail, "", values);
    }
  }
  for (const figure of SPREAD_FIGURES) {
    for (const row of spreadRows(db, figure, filter)) {
      const { centre, month, provider, detail } = splitKey(row.key);
      add(figure.id, centre, month, provider, detail, "", [[row.value, Number(row.n), Number(row.k)]]);
    }
  }
  return cells;
}

/** One month's groups for the whole country, from every centre's: by detail (and day), not provider. */
function nationalGroups(figure: string, rows: { groups: string }[]): Groups | null {
  if (!rows.length) return null;
  const groups: Groups = new Map();
  for (const row of rows) {
    for (const [sub, values] of Object.entries(JSON.parse(row.groups) as Record<string, number[] | ValueCounts>)) {
      const [provider, detail, day] = sub.split("|");
      addInto(groups, provider === ALL ? sub : subKey("-", detail, day), values, isSpread(figure));
    }
  }
  return groups;
}

type StaleMark = { centre: string; month: string; marked: number };

function staleMarks(
  db: Db,
  within: { centreIds?: readonly string[]; fromMonth?: string; toMonth?: string },
): StaleMark[] {
  return db
    .all<StaleMark>(
      sql`SELECT custody_centre_id AS centre, month, marked FROM figure_months_stale
          WHERE month BETWEEN ${within.fromMonth ?? "0000"} AND ${within.toMonth ?? "9999"} ORDER BY month`,
    )
    .filter((s) => !within.centreIds || within.centreIds.includes(s.centre));
}

/**
 * The UK months a mark on UTC month `month` covers: the UK month of the same name, and the next
 * one when the UTC month's last hour is in summer time (its first hour in UK time).
 */
export function ukMonthsOfMark(month: string): string[] {
  const lastMoment = Date.parse(`${addMonths(month, 1)}-01T00:00:00Z`) - 1;
  return ukMonthOf(lastMoment) === month ? [month] : [month, addMonths(month, 1)];
}

/** The stale centres of one UTC month, worked out for each UK month the marks cover: what storeMonth keeps. */
export function workOutMonth(db: Db, month: string, marks: StaleMark[]) {
  const centreIds = marks.map((m) => m.centre);
  const months = ukMonthsOfMark(month);
  const cells = new Map<string, Map<string, Groups>>();
  for (const ukMonth of months) {
    const worked = workOut(db, {
      areaIds: "all",
      centreIds,
      from: `${ukMonth}-01`,
      to: lastDayOf(ukMonth),
      breakdown: "none",
      now: EVERYTHING_PASSED,
    });
    for (const [cell, figures] of worked) cells.set(cell, figures);
  }
  return { month, months, marks, cells };
}

/**
 * Keeps the worked-out UK months and their national rows. A mark is cleared in the same
 * transaction, and only if no write marked it again meanwhile; a centre-month another
 * refresh has already done is left alone. A refresh that stops half-way leaves its marks.
 */
export function storeMonth(db: Db, { month, months, marks, cells }: ReturnType<typeof workOutMonth>) {
  const client = db.$client;
  const markOf = client
    .prepare("SELECT marked FROM figure_months_stale WHERE custody_centre_id = ? AND month = ?")
    .pluck();
  const unmark = client.prepare(
    "DELETE FROM figure_months_stale WHERE custody_centre_id = ? AND month = ? AND marked = ?",
  );
  const clear = client.prepare("DELETE FROM figure_months WHERE figure = ? AND month = ? AND custody_centre_id = ?");
  const keep = client.prepare(
    "INSERT INTO figure_months (month, custody_centre_id, figure, groups) VALUES (?, ?, ?, ?)",
  );
  const readMonth = client.prepare(
    "SELECT groups FROM figure_months WHERE figure = ? AND month = ? AND custody_centre_id <> ?",
  );
  const bumpVersion = client.prepare(
    "INSERT INTO figure_month_versions (month, version) VALUES (?, 1) ON CONFLICT (month) DO UPDATE SET version = version + 1",
  );
  db.transaction(() => {
    for (const ukMonth of months) bumpVersion.run(ukMonth);
    for (const { centre, marked } of marks) {
      if (markOf.get(centre, month) === undefined) continue;
      for (const ukMonth of months) {
        for (const figure of FIGURE_IDS) clear.run(figure, ukMonth, centre);
        for (const [figure, groups] of cells.get(`${centre}|${ukMonth}`) ?? [])
          keep.run(ukMonth, centre, figure, asJson(groups));
      }
      unmark.run(centre, month, marked);
    }
    for (const ukMonth of months) {
      for (const figure of FIGURE_IDS) {
        clear.run(figure, ukMonth, NATIONAL);
        const groups = nationalGroups(figure, readMonth.all(figure, ukMonth, NATIONAL) as { groups: string }[]);
        if (groups) keep.run(ukMonth, NATIONAL, figure, asJson(groups));
      }
    }
  });
}

/** Works out again the stale centre-months (those `within` covers, or all of them), a month at a time. */
export function refreshMonthlyFigures(
  db: Db,
  within: { centreIds?: readonly string[]; fromMonth?: string; toMonth?: string } = {},
  progress?: (done: number, total: number) => void,
): { centreMonths: number } {
  const stale = staleMarks(db, within);
  const byMonth = new Map<string, StaleMark[]>();
  for (const s of stale) byMonth.set(s.month, [...(byMonth.get(s.month) ?? []), s]);
  let done = 0;
  for (const [month, marks] of byMonth) {
    storeMonth(db, workOutMonth(db, month, marks));
    done += marks.length;
    progress?.(done, stale.length);
  }
  return { centreMonths: stale.length };
}

/** Marks every centre-month with something to count as stale: for a database loaded in bulk. */
export function markAllMonthsStale(db: Db) {
  db.$client.exec(
    "INSERT OR IGNORE INTO figure_months_stale (custody_centre_id, month) SELECT custody_centre_id, month FROM figure_centre_months",
  );
}
