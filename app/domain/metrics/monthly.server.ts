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
import { sql } from "drizzle-orm";
import { preparedPerConnection, type Db } from "#db/connection";
import { needsProfileFigure } from "./assessments.server";
import {
  detentions as detentionsReturned,
  detentionsByMonth,
  NO_DETENTIONS,
  notTakenUpFigure,
  offersFigure,
  type DetentionCounts,
  type NotTakenUpReason,
} from "./custody.server";
import { refreshMonthlyFigures, spreadRows } from "./monthly-refresh.server";
import { storedMonths, StoredMonths, type StoredGroup } from "./monthly-store.server";
import {
  addAllValueCounts,
  EVERYTHING_PASSED,
  daysOf,
  NATIONAL,
  splitKey,
  splitOf,
  type Counts,
} from "./monthly-values";
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
import { funnelOf, monthlyTrendOf, pathwayFigure, type KeyedCount, type MonthlyCounts } from "./trends.server";
import type { MetricFilter } from "./filter";

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
 * How a read keeps what it has worked out: `once` runs `work` the first time a key is asked for.
 * One read (a whole dashboard) keeps everything, as the figures cannot change within it: the
 * centres in scope (their stale months worked out first), the providers' names, and each figure
 * for each filter (the headlines ask for three periods the tables below ask for too).
 */
type Lookups = { once: <T>(key: string, work: () => T) => T };

/** The centres in the filter's areas, their stale months in the period worked out first. */
const centresOf = (lookups: Lookups, db: Db, filter: MetricFilter) => {
  const { fromMonth, toMonth } = periodBounds(filter);
  const key = JSON.stringify([filter.areaIds, filter.centreIds ?? null, fromMonth, toMonth]);
  return lookups.once(`centres ${key}`, () => centresInScope(db, filter));
};

const providerNamesOf = (lookups: Lookups, db: Db) => lookups.once("providers", () => providerNames(db));

/** Everything a figure's answer depends on in a filter, as a key. */
const filterKey = (filter: MetricFilter) =>
  JSON.stringify([
    filter.areaIds,
    filter.centreIds ?? null,
    filter.from,
    filter.to,
    filter.breakdown,
    filter.now?.toISOString() ?? null,
  ]);

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
      const names = providerNamesOf(lookups, db);
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
  return kept.read(
    db,
    read.split ? splitOf(figure) : figure,
    read.months ?? monthsBetween(fromMonth, toMonth),
    read.national ? [NATIONAL] : [...centres.keys()],
  );
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
  if (grouping) return countsFromMonths(lookups, db, filter, figure, grouping);
  return lookups.once(`${figure.id} ${filterKey(filter)}`, () => countsFromMonths(lookups, db, filter, figure));
}

function countsFromMonths<V extends Counts>(
  lookups: Lookups,
  db: Db,
  filter: MetricFilter,
  figure: CountFigure<V>,
  grouping?: Grouping,
): Grouped<V> {
  const centres = centresOf(lookups, db, filter);
  const names = Object.keys(figure.empty);
  const by = grouping ?? breakdownOf(lookups, db, filter, figure.columns, centres);
  // Counts stay arrays in the order of `names` until the end: a national view adds up thousands.
  const total = names.map(() => 0);
  const groups = new Map<string, { key: string; label: string; values: number[] }>();
  const addTo = (target: number[], values: readonly number[]) => {
    for (let i = 0; i < values.length; i++) target[i] += values[i];
  };
  const addGroup = (group: Group, values: readonly number[]) => {
    if (!group) return;
    let row = groups.get(group.key);
    if (!row) groups.set(group.key, (row = { ...group, values: names.map(() => 0) }));
    addTo(row.values, values);
  };
  const asObject = (values: number[]) => Object.fromEntries(names.map((n, i) => [n, values[i]])) as V;

  const read = readFor(filter, by);
  const now = filter.now ?? new Date();
  const inPeriod = (day: string) => day >= filter.from && day <= filter.to;
  const liveDays = figure.byDay ? figure.byDay.liveDays(now).filter(inPeriod) : [];
  const boundaryDays = (figure.byDay?.boundaryDays?.(now) ?? []).filter(inPeriod);
  const partMonths = [...new Set([...liveDays, ...boundaryDays].map((d) => d.slice(0, 7)))];
  // What of a day's counts stands at "now": 1 to keep a count, 0 to leave it out, null for none.
  const masks = new Map<string, number[] | null>();
  const maskOf = (day: string) => {
    if (!masks.has(day)) {
      const kept = figure.byDay!.asOf(day, now, asObject(names.map(() => 1)));
      masks.set(day, kept && names.map((n) => kept[n]));
    }
    return masks.get(day)!;
  };
  const add = (row: StoredGroup, day: string | null) => {
    let values = row.values as readonly number[];
    if (day !== null) {
      const mask = maskOf(day);
      if (!mask) return;
      values = values.map((v, i) => v * mask[i]);
    }
    addTo(total, values);
    if (by) addGroup(by.of(row), values);
  };
  if (figure.byDay) {
    // A month with no part-counted day is all in or all out for each window: its last day says which.
    const lastDays = new Map<string, string>();
    for (const row of storedGroups(db, figure.id, filter, centres, read)) {
      if (partMonths.includes(row.month)) continue;
      let day = lastDays.get(row.month);
      if (!day) lastDays.set(row.month, (day = lastDayOf(row.month)));
      add(row, day);
    }
    for (const row of storedGroups(db, daysOf(figure.id), filter, centres, { ...read, months: partMonths }))
      if (!liveDays.includes(row.day)) add(row, row.day);
  } else for (const row of storedGroups(db, figure.id, filter, centres, read)) add(row, null);
  // The days that are part counted, part not: counted live, by the same SQL, grouped as stored.
  for (const day of liveDays) {
    const scope = { ...filter, centreIds: [...centres.keys()], from: day, to: day };
    const dayRows = lookups.once(`${figure.id} on ${filterKey(scope)}`, () =>
      db.all<Record<string, unknown>>(figure.query(scope, cellGrouping(figure.columns, true))),
    );
    for (const row of dayRows) {
      const values = names.map((n) => Number(row[n] ?? 0));
      addTo(total, values);
      if (by) addGroup(by.of(splitKey(String(row.key))), values);
    }
  }
  const rows = [...groups.values()].map(({ key, label, values }) => ({ key, label, ...asObject(values) }));
  return { rows: byLabel(rows) as GroupRow<V>[], total: asObject(total), isBrokenDown: by !== null };
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
  return lookups.once(`${figure.id} ${filterKey(filter)}`, () => spreadFromMonths(lookups, db, filter, figure));
}

function spreadFromMonths<V extends Spread>(
  lookups: Lookups,
  db: Db,
  filter: MetricFilter,
  figure: SpreadFigure<V>,
): Grouped<V> {
  const centres = centresOf(lookups, db, filter);
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

/**
 * What is worked out from the centres' monthly returns, kept between reads for each database
 * connection until a return, a centre or an area is written (custody_returns_version, moved by
 * triggers on each): a national view otherwise reads every return of every centre, about 25 ms,
 * for each dashboard. What is kept is shared with the next read: never change it. Inside a
 * transaction nothing is kept, as a rollback would take the version back to one already used.
 */
const keptFromReturns = new WeakMap<object, { version: number; kept: Map<string, unknown> }>();
const KEPT_FROM_RETURNS_MAX = 200;

const returnsVersion = preparedPerConnection((client: Db["$client"]) =>
  client.prepare<[], number>("SELECT version FROM custody_returns_version").pluck(),
);

function fromReturns<T>(db: Db, key: string, work: () => T): Readonly<T> {
  if (db.$client.inTransaction) return work();
  const version = returnsVersion(db.$client).get()!;
  let store = keptFromReturns.get(db.$client);
  if (!store || store.version !== version || store.kept.size >= KEPT_FROM_RETURNS_MAX)
    keptFromReturns.set(db.$client, (store = { version, kept: new Map() }));
  if (!store.kept.has(key)) store.kept.set(key, work());
  return store.kept.get(key) as T;
}

/**
 * Detentions from the centres' monthly returns (not the stored figures), by month for one scope:
 * every month the scope's centres returned (one pass over the returns, as reading any range of
 * months is), for the headlines' three periods, the tables, the funnel and the trend to add up.
 */
function returnedMonths(db: Db, filter: MetricFilter) {
  const all = fromReturns(db, `by month ${JSON.stringify([filter.areaIds, filter.centreIds ?? null])}`, () =>
    detentionsByMonth(db, { ...filter, from: "0001-01-01", to: "9999-12-31", breakdown: "none" }),
  );
  const { fromMonth, toMonth } = periodBounds(filter);
  return new Map([...all].filter(([month]) => month >= fromMonth && month <= toMonth));
}

/** The same figures as the live ones (figures.server.ts), from the months kept in figure_months. */
const figuresFromMonths = (lookups: Lookups) => {
  const detentions = (db: Db, filter: MetricFilter): ReturnType<typeof detentionsReturned> => {
    if (filter.breakdown !== "none") {
      // Returns are monthly: the days of the period do not change the answer, its months do.
      const { fromMonth, toMonth } = periodBounds(filter);
      const key = `grouped ${JSON.stringify([filter.areaIds, filter.centreIds ?? null, fromMonth, toMonth, filter.breakdown])}`;
      return fromReturns(db, key, () => detentionsReturned(db, filter));
    }
    const months = [...returnedMonths(db, filter).values()];
    const total = { ...NO_DETENTIONS };
    for (const name of Object.keys(total) as (keyof DetentionCounts)[])
      total[name] = months.reduce((sum, counts) => sum + counts[name], 0);
    return { rows: [], total, isBrokenDown: true };
  };
  return {
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
        custody: returnedMonths(db, period),
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
  };
};

export const monthlyFigures = figuresFromMonths({ once: (_key, work) => work() });

/** The monthly figures for one read (a whole dashboard): each lookup and figure worked out once. */
export function monthlyFiguresForOneRead(): typeof monthlyFigures {
  const done = new Map<string, unknown>();
  return figuresFromMonths({
    once: <T>(key: string, work: () => T) => {
      if (!done.has(key)) done.set(key, work());
      return done.get(key) as T;
    },
  });
}
