// The commissioner figures kept month by month for each custody centre (figure_months), so that
// a dashboard over ten years of the whole UK adds up a few thousand small rows rather than
// reading millions of referrals. Each centre-month is worked out by the same SQL as the live
// figures (the figure definitions in this folder), grouped as finely as any breakdown needs:
// by provider and kind of service, or by the spread of values for a median.
//
// Triggers mark a centre-month stale whenever something it counts is written (migration 0004);
// before figures are read, the stale centre-months they cover are worked out again. Figures are
// kept by UK month, but the triggers mark the UTC month of what was written (SQL has no time
// zones): a mark on a UTC month means the UK month of the same name and, when that UTC month
// ends in summer time, the next UK month too, whose first hour it holds (decision 025). Figures
// that wait for time to pass (re-entry windows, feedback due after 28 days, appointments still
// to come) are kept by day or as if every wait had passed, and put right for "now" when read.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/connection";
import { needsProfileFigure } from "./assessments.server";
import { detentions, notTakenUpFigure, offersFigure, type NotTakenUpReason } from "./custody.server";
import {
  engagementFigure,
  feedbackFigure,
  firstAppointmentsFigure,
  onwardByKindFigure,
  serviceResponsesFigure,
  waitingTimesFigure,
} from "./onward-referrals.server";
import { addMonths, lastDayOf, monthsBetween } from "./period";
import { reEntryFigure } from "./re-entry.server";
import { referralRateOf, referralsFigure, timeToFirstContactFigure } from "./referrals.server";
import {
  cellGrouping,
  centreInAreas,
  NO_PROVIDER_LABEL,
  periodBounds,
  type CountFigure,
  type Grouped,
  type GroupRow,
  type Spread,
  type SpreadFigure,
  type ValueCounts,
} from "./scope.server";
import {
  custodyByMonth,
  funnelOf,
  monthlyTrendOf,
  pathwayFigure,
  type KeyedCount,
  type MonthlyCounts,
} from "./trends.server";
import { ukMonthOf } from "./uk-time";
import type { MetricFilter } from "./filter";

/** Worked out as if every window had passed and every appointment had happened; put right when read. */
const EVERYTHING_PASSED = new Date("9999-12-31T00:00:00.000Z");

type Counts = Record<string, number>;
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

/** One cell key from cellGrouping: "centre|2026-03(-14)|provider|detail". */
function splitKey(key: string) {
  const [centre, when, provider, detail] = key.split("|");
  return { centre, month: when.slice(0, 7), day: when.length > 7 ? when : "", provider, detail };
}

const spreadRows = (db: Db, figure: SpreadFigure<Spread>, filter: MetricFilter, extra?: SQL) =>
  db.all<{ key: string; value: number; n: number; k: number }>(sql`
    SELECT key, value, count(*) AS n, sum(rk) AS k FROM (${figure.source(filter, cellGrouping(figure.columns), extra)})
    WHERE value IS NOT NULL GROUP BY key, value ORDER BY key, value`);

/**
 * A stored row's groups, by "provider|detail|day": counts (in the order of the figure's
 * `empty`, each count's cell key among them) or, for a median, [value, how many, sum of record
 * keys] triples. Each figure has two rows a centre-month:
 * "*|*|day" groups adding every provider and detail together (all that a view without a provider
 * or detail split reads), and its ":split" row with each provider and detail apart.
 */
type Groups = Map<string, number[] | Map<number, [number, number]>>;
const ALL = "*";
const subKey = (provider: string, detail: string, day: string) => `${provider}|${detail}|${day}`;

function addInto(groups: Groups, sub: string, values: number[] | ValueCounts, spread: boolean) {
  if (spread) {
    const counts =
      (groups.get(sub) as Map<number, [number, number]> | undefined) ?? new Map<number, [number, number]>();
    for (const [value, n, k] of values as ValueCounts) {
      const sum = counts.get(value);
      counts.set(value, sum ? [sum[0] + n, sum[1] + k] : [n, k]);
    }
    groups.set(sub, counts);
  } else {
    const sum = groups.get(sub) as number[] | undefined;
    if (sum) (values as number[]).forEach((v, i) => (sum[i] += v));
    else groups.set(sub, [...(values as number[])]);
  }
}

const asJson = (groups: Groups) =>
  JSON.stringify(
    Object.fromEntries(
      [...groups].map(([sub, v]) => [
        sub,
        v instanceof Map ? [...v].sort(([a], [b]) => a - b).map(([value, [n, k]]) => [value, n, k]) : v,
      ]),
    ),
  );

const daysOf = (figure: string) => `${figure}:days`;
const splitOf = (figure: string) => `${figure}:split`;
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

/** The centre of the national rows: every centre's month added together, without providers. */
const NATIONAL = "*";

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

type Centre = {
  id: string;
  name: string;
  divisionId: string | null;
  division: string | null;
  laId: string | null;
  la: string | null;
};

/**
 * The custody centres in the filter's areas, with the areas a breakdown may group them by; their
 * stale months in the period are worked out first, so what is read next is up to date.
 */
function centresInScope(db: Db, filter: MetricFilter): Map<string, Centre> {
  const rows = db.all<Centre>(sql`
    SELECT c.id, c.name, d.id AS divisionId, d.name AS division, la.id AS laId, la.name AS la
    FROM custody_centres c
    LEFT JOIN areas d ON d.id = c.division_area_id
    LEFT JOIN areas la ON la.id = c.local_authority_area_id
    WHERE ${centreInAreas(filter, sql.raw("c.id"))}`);
  const { fromMonth, toMonth } = periodBounds(filter);
  // A mark on the UTC month before the period covers the first hour of its first UK month.
  refreshMonthlyFigures(db, { centreIds: rows.map((c) => c.id), fromMonth: addMonths(fromMonth, -1), toMonth });
  return new Map(rows.map((c) => [c.id, c]));
}

const providerNames = (db: Db) =>
  new Map(db.all<{ id: string; name: string }>(sql`SELECT id, name FROM organisations`).map((o) => [o.id, o.name]));

/**
 * What reading the figures looks up besides the stored months: the centres in scope (their stale
 * months worked out first) and the providers' names. One read may keep what it found.
 */
type Lookups = {
  centres: (db: Db, filter: MetricFilter) => Map<string, Centre>;
  providerNames: (db: Db) => Map<string, string>;
};

type Group = { key: string; label: string } | null | undefined;
type Place = { centre: string; month: string; provider: string; detail: string };

/**
 * How a view groups stored rows. `of` gives a row's group (null: only the total; undefined: in
 * no group, as a centre with no division drops out of the live joins); `by` is what it needs
 * kept apart: each centre, each provider, each detail, or nothing beyond the month.
 */
type Grouping = { of: (p: Place) => Group; by: "centre" | "provider" | "detail" | null };

/** The filter's breakdown as a grouping, or null when the figure has no such breakdown. */
function breakdownOf(
  lookups: Lookups,
  db: Db,
  filter: MetricFilter,
  columns: { provider?: string; serviceKind?: string },
  centres: Map<string, Centre>,
): Grouping | null {
  const area =
    (id: (c: Centre) => string | null, name: (c: Centre) => string | null) =>
    (p: Place): Group => {
      const c = centres.get(p.centre)!;
      return id(c) ? { key: id(c)!, label: name(c)! } : undefined;
    };
  switch (filter.breakdown) {
    case "none":
      return { of: () => null, by: null };
    case "centre":
      return { of: (p) => ({ key: p.centre, label: centres.get(p.centre)!.name }), by: "centre" };
    case "division":
      return {
        of: area(
          (c) => c.divisionId,
          (c) => c.division,
        ),
        by: "centre",
      };
    case "local_authority":
      return {
        of: area(
          (c) => c.laId,
          (c) => c.la,
        ),
        by: "centre",
      };
    case "provider": {
      if (!columns.provider) return null;
      const names = lookups.providerNames(db);
      return { of: (p) => ({ key: p.provider, label: names.get(p.provider) ?? NO_PROVIDER_LABEL }), by: "provider" };
    }
    case "service_kind":
      return columns.serviceKind ? { of: (p) => ({ key: p.detail, label: p.detail }), by: "detail" } : null;
  }
}

/**
 * Which stored rows answer: the national ones for the whole country with no split by centre or
 * provider; each provider and detail (`split`) only when the view groups by them.
 */
const readFor = (filter: MetricFilter, grouping: Grouping | null) => ({
  national: filter.areaIds === "all" && !filter.centreIds && grouping?.by !== "centre" && grouping?.by !== "provider",
  split: grouping?.by === "provider" || grouping?.by === "detail",
});

/**
 * Stored rows parsed once and kept between reads, for each database connection (the figures
 * thread answers every dashboard from one): a national breakdown by centre otherwise reads and
 * parses about 3 MB of JSON each time. A month's rows are dropped when its version moves
 * (storeMonth adds one, in the transaction that writes them; anything else that writes
 * figure_months must too). Past the budget, everything kept is let go.
 */
class StoredMonths {
  private readonly months = new Map<
    string,
    { version: number | undefined; rows: Map<string, Map<string, Record<string, unknown> | null>> }
  >();
  private size = 0;
  static readonly BUDGET = 8_000_000; // characters of JSON kept

  read(db: Db, figure: string, months: string[], centres: string[]) {
    if (!months.length || !centres.length) return [];
    const sorted = [...months].sort();
    const versions = new Map(
      db.$client
        .prepare("SELECT month, version FROM figure_month_versions WHERE month BETWEEN ? AND ?")
        .raw()
        .all(sorted[0], sorted.at(-1)) as [string, number][],
    );
    const missing: string[] = [];
    for (const month of months) {
      let kept = this.months.get(month);
      if (!kept || kept.version !== versions.get(month))
        this.months.set(month, (kept = { version: versions.get(month), rows: new Map() }));
      const byCentre = kept.rows.get(figure);
      if (!byCentre || centres.some((c) => !byCentre.has(c))) missing.push(month);
    }
    if (missing.length) {
      const list = (values: string[]) =>
        sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        );
      const rows = db.all<{ centre: string; month: string; groups: string }>(
        sql`SELECT custody_centre_id AS centre, month, groups FROM figure_months
            WHERE figure = ${figure} AND month IN (${list(missing)}) AND custody_centre_id IN (${list(centres)})`,
      );
      for (const month of missing) {
        const kept = this.months.get(month)!;
        const byCentre = kept.rows.get(figure) ?? new Map<string, Record<string, unknown> | null>();
        kept.rows.set(figure, byCentre);
        for (const centre of centres) if (!byCentre.has(centre)) byCentre.set(centre, null);
      }
      for (const row of rows) {
        this.months.get(row.month)!.rows.get(figure)!.set(row.centre, JSON.parse(row.groups));
        this.size += row.groups.length;
      }
    }
    const found: { centre: string; month: string; groups: Record<string, unknown> }[] = [];
    for (const month of months) {
      const byCentre = this.months.get(month)!.rows.get(figure)!;
      for (const centre of centres) {
        const groups = byCentre.get(centre);
        if (groups) found.push({ centre, month, groups });
      }
    }
    if (this.size > StoredMonths.BUDGET) {
      this.months.clear();
      this.size = 0;
    }
    return found;
  }
}

const storedMonths = new WeakMap<object, StoredMonths>();

/**
 * The stored groups of one figure for the filter's months (or only `months`) and centres: each
 * provider and detail when `split`, otherwise only the "*" groups.
 */
function storedGroups(
  db: Db,
  figure: string,
  filter: MetricFilter,
  centres: Map<string, Centre>,
  read: { national: boolean; split: boolean; months?: string[] },
) {
  const { fromMonth, toMonth } = periodBounds(filter);
  let kept = storedMonths.get(db.$client);
  if (!kept) storedMonths.set(db.$client, (kept = new StoredMonths()));
  const rows = kept.read(
    db,
    read.split ? splitOf(figure) : figure,
    read.months ?? monthsBetween(fromMonth, toMonth),
    read.national ? [NATIONAL] : [...centres.keys()],
  );
  const entries: (Place & { day: string; values: unknown })[] = [];
  for (const row of rows) {
    for (const [sub, values] of Object.entries(row.groups)) {
      const [provider, detail, day] = sub.split("|");
      entries.push({ centre: row.centre, month: row.month, provider, detail, day, values });
    }
  }
  return entries;
}

const byLabel = <T extends { label: string }>(rows: T[]) => rows.sort((a, b) => a.label.localeCompare(b.label));

/** A count figure from the stored months, grouped by `grouping` (or the filter's breakdown). */
function monthlyCounts<V extends Counts>(
  lookups: Lookups,
  db: Db,
  filter: MetricFilter,
  figure: CountFigure<V>,
  grouping?: Grouping,
): Grouped<V> {
  const centres = lookups.centres(db, filter);
  const names = Object.keys(figure.empty);
  const by = grouping ?? breakdownOf(lookups, db, filter, figure.columns, centres);
  // Counts stay arrays in the order of `names` until the end: a national view adds up thousands.
  const total = names.map(() => 0);
  const groups = new Map<string, { key: string; label: string; values: number[] }>();
  const addTo = (target: number[], values: number[]) => {
    for (let i = 0; i < values.length; i++) target[i] += values[i];
  };
  const addGroup = (group: Group, values: number[]) => {
    if (!group) return;
    let row = groups.get(group.key);
    if (!row) groups.set(group.key, (row = { ...group, values: names.map(() => 0) }));
    addTo(row.values, values);
  };
  const asObject = (values: number[]) => Object.fromEntries(names.map((n, i) => [n, values[i]])) as V;

  const read = readFor(filter, by);
  const now = filter.now ?? new Date();
  const liveDays = figure.byDay ? figure.byDay.liveDays(now).filter((d) => d >= filter.from && d <= filter.to) : [];
  const partMonths = [...new Set(liveDays.map((d) => d.slice(0, 7)))];
  // What of a day's counts stands at "now": 1 to keep a count, 0 to leave it out, null for none.
  const masks = new Map<string, number[] | null>();
  const maskOf = (day: string) => {
    if (!masks.has(day)) {
      const kept = figure.byDay!.asOf(day, now, asObject(names.map(() => 1)));
      masks.set(day, kept && names.map((n) => kept[n]));
    }
    return masks.get(day)!;
  };
  const stored = figure.byDay
    ? [
        // A month with no part-counted day is all in or all out for each window: its last day says which.
        ...storedGroups(db, figure.id, filter, centres, read)
          .filter((row) => !partMonths.includes(row.month))
          .map((row) => ({ ...row, day: lastDayOf(row.month) })),
        ...storedGroups(db, daysOf(figure.id), filter, centres, { ...read, months: partMonths }).filter(
          (row) => !liveDays.includes(row.day),
        ),
      ]
    : storedGroups(db, figure.id, filter, centres, read);
  for (const row of stored) {
    let values = row.values as number[];
    if (figure.byDay) {
      const mask = maskOf(row.day);
      if (!mask) continue;
      values = values.map((v, i) => v * mask[i]);
    }
    addTo(total, values);
    if (by) addGroup(by.of(row), values);
  }
  // The days that are part counted, part not: counted live, by the same SQL, grouped as stored.
  for (const day of liveDays) {
    const scope = { ...filter, centreIds: [...centres.keys()], from: day, to: day };
    for (const row of db.all<Record<string, unknown>>(figure.query(scope, cellGrouping(figure.columns, true)))) {
      const values = names.map((n) => Number(row[n] ?? 0));
      addTo(total, values);
      if (by) addGroup(by.of(splitKey(String(row.key))), values);
    }
  }
  const rows = [...groups.values()].map(({ key, label, values }) => ({ key, label, ...asObject(values) }));
  return { rows: byLabel(rows) as GroupRow<V>[], total: asObject(total), isBrokenDown: by !== null };
}

/** Two [value, how many] lists, each in order of value, added up into one in order. */
function addValueCounts(a: ValueCounts, b: ValueCounts): ValueCounts {
  const sum: (readonly [number, number, number])[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i][0] < b[j][0]) sum.push(a[i++]);
    else if (b[j][0] < a[i][0]) sum.push(b[j++]);
    else {
      sum.push([a[i][0], a[i][1] + b[j][1], a[i][2] + b[j][2]]);
      i++;
      j++;
    }
  }
  while (i < a.length) sum.push(a[i++]);
  while (j < b.length) sum.push(b[j++]);
  return sum;
}

/** Adds up many lists in pairs, so that each value is handled a few times rather than once per list. */
function addAllValueCounts(lists: ValueCounts[]): ValueCounts {
  while (lists.length > 1) {
    const next: ValueCounts[] = [];
    for (let i = 0; i < lists.length; i += 2)
      next.push(i + 1 < lists.length ? addValueCounts(lists[i], lists[i + 1]) : lists[i]);
    lists = next;
  }
  return lists[0] ?? [];
}

/**
 * A median figure from the stored spreads of values (each kept in order of value), less the rows
 * not yet due at "now".
 */
function monthlySpread<V extends Spread>(
  lookups: Lookups,
  db: Db,
  filter: MetricFilter,
  figure: SpreadFigure<V>,
): Grouped<V> {
  const centres = lookups.centres(db, filter);
  const by = breakdownOf(lookups, db, filter, figure.columns, centres);
  const total: ValueCounts[] = [];
  const groups = new Map<string, { key: string; label: string; lists: ValueCounts[] }>();
  const add = (place: Place, counts: ValueCounts, toTotal = true) => {
    if (toTotal) total.push(counts);
    const group = by ? by.of(place) : null;
    if (!group) return;
    let g = groups.get(group.key);
    if (!g) groups.set(group.key, (g = { ...group, lists: [] }));
    g.lists.push(counts);
  };
  const read = readFor(filter, by);
  // The whole country by centre or provider: the total from the national rows, the groups from each centre's.
  const totalApart = filter.areaIds === "all" && !filter.centreIds && !read.national;
  if (totalApart) {
    for (const row of storedGroups(db, figure.id, filter, centres, { national: true, split: false }))
      total.push(row.values as ValueCounts);
  }
  for (const row of storedGroups(db, figure.id, filter, centres, read))
    add(row, row.values as ValueCounts, !totalApart);
  if (figure.notYet) {
    const scope = { ...filter, centreIds: [...centres.keys()], now: EVERYTHING_PASSED };
    // In order of key, then value: each key's rows are a list in order, taken away as negative counts.
    let key: string | null = null;
    let list: [number, number, number][] = [];
    const flush = () => {
      if (key !== null && list.length) add(splitKey(key), list);
    };
    for (const row of spreadRows(
      db,
      figure as unknown as SpreadFigure<Spread>,
      scope,
      figure.notYet(filter, filter.now ?? new Date()),
    )) {
      if (row.key !== key) {
        flush();
        key = row.key;
        list = [];
      }
      list.push([row.value, -Number(row.n), -Number(row.k)]);
    }
    flush();
  }
  const summarise = (lists: ValueCounts[]) => figure.summarise(addAllValueCounts(lists).filter(([, n]) => n > 0));
  const rows = [...groups.values()]
    .map(({ key, label, lists }) => ({ key, label, ...summarise(lists) }))
    .filter((r) => r.n > 0);
  return { rows: byLabel(rows) as GroupRow<V>[], total: summarise(total), isBrokenDown: by !== null };
}

const overall = (filter: MetricFilter): MetricFilter => ({ ...filter, breakdown: "none" });
const byMonth: Grouping = { of: (p) => ({ key: p.month, label: p.month }), by: null };
const byDetail: Grouping = { of: (p) => ({ key: p.detail, label: p.detail }), by: "detail" };

/** The same figures as the live ones (figures.server.ts), from the months kept in figure_months. */
const figuresFromMonths = (lookups: Lookups) => ({
  detentions,
  offers: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, offersFigure),
  notTakenUpReasons: (db: Db, filter: MetricFilter): NotTakenUpReason[] =>
    monthlyCounts(lookups, db, filter, notTakenUpFigure, byDetail)
      .rows.map((r) => ({ reason: r.key, count: r.count, count_key: r.count_key }))
      .sort((a, b) => a.reason.localeCompare(b.reason)),
  referrals: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, referralsFigure),
  referralRate: (db: Db, filter: MetricFilter) =>
    referralRateOf(detentions(db, filter), monthlyCounts(lookups, db, filter, referralsFigure)),
  timeToFirstContact: (db: Db, filter: MetricFilter) => monthlySpread(lookups, db, filter, timeToFirstContactFigure),
  needsProfile: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, needsProfileFigure),
  onwardReferralsByKind: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, onwardByKindFigure),
  serviceResponses: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, serviceResponsesFigure),
  firstAppointments: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, firstAppointmentsFigure),
  engagement: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, engagementFigure),
  waitingTimes: (db: Db, filter: MetricFilter) => monthlySpread(lookups, db, filter, waitingTimesFigure),
  feedbackCompleteness: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, feedbackFigure),
  reEntry: (db: Db, filter: MetricFilter) => monthlyCounts(lookups, db, filter, reEntryFigure),
  funnel: (db: Db, filter: MetricFilter) =>
    funnelOf(
      detentions(db, overall(filter)).total,
      monthlyCounts(lookups, db, overall(filter), offersFigure).total,
      monthlyCounts(lookups, db, overall(filter), pathwayFigure).total,
    ),
  monthlyTrend: (
    db: Db,
    filter: Pick<MetricFilter, "areaIds"> & { fromMonth: string; toMonth: string },
  ): MonthlyCounts[] => {
    const period: MetricFilter = {
      areaIds: filter.areaIds,
      from: `${filter.fromMonth}-01`,
      to: lastDayOf(filter.toMonth),
      breakdown: "none",
    };
    const perMonth = (rows: { key: string }[], count: (r: Counts) => KeyedCount) =>
      new Map(rows.map((r) => [r.key, count(r as unknown as Counts)]));
    return monthlyTrendOf(monthsBetween(filter.fromMonth, filter.toMonth), {
      custody: custodyByMonth(db, filter),
      offersMade: perMonth(monthlyCounts(lookups, db, period, offersFigure, byMonth).rows, (r) => ({
        n: r.accepted + r.declined + r.notFit,
        key: r.accepted_key + r.declined_key + r.notFit_key,
      })),
      referrals: perMonth(monthlyCounts(lookups, db, period, referralsFigure, byMonth).rows, (r) => ({
        n: r.referrals,
        key: r.referrals_key,
      })),
      onwardReferrals: perMonth(monthlyCounts(lookups, db, period, onwardByKindFigure, byMonth).rows, (r) => ({
        n: r.sent,
        key: r.sent_key,
      })),
    });
  },
});

export const monthlyFigures = figuresFromMonths({ centres: centresInScope, providerNames });

/**
 * The monthly figures for one read (a whole dashboard): each scope's centres are found, and their
 * stale months worked out, once rather than for each of its thirty-odd figures; so are the
 * providers' names.
 */
export function monthlyFiguresForOneRead(): typeof monthlyFigures {
  const found = new Map<string, Map<string, Centre>>();
  let names: Map<string, string> | undefined;
  return figuresFromMonths({
    centres: (db, filter) => {
      const { fromMonth, toMonth } = periodBounds(filter);
      const key = JSON.stringify([filter.areaIds, filter.centreIds ?? null, fromMonth, toMonth]);
      if (!found.has(key)) found.set(key, centresInScope(db, filter));
      return found.get(key)!;
    },
    providerNames: (db) => (names ??= providerNames(db)),
  });
}
