// The SQL every metric shares: which custody centres are in the commissioner's areas, the
// period's bounds, how rows are grouped for a breakdown, and medians and percentiles computed
// in the database. Metrics aggregate in SQL; nothing here loops over people in JavaScript.
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { dayAfter, ukDaySql, ukDayStart, ukMonthSql } from "./uk-time";
import type { Breakdown, MetricFilter } from "./filter";

/**
 * The period's UK days as UTC instants (times are ISO UTC text, so they compare as text): a
 * time at or after `start` and before `end` is in the period by the UK calendar.
 */
export function periodBounds(filter: Pick<MetricFilter, "from" | "to">) {
  return {
    start: ukDayStart(filter.from),
    /** UK midnight at the end of the last day: times before it are in the period. */
    end: ukDayStart(dayAfter(filter.to)),
    fromMonth: filter.from.slice(0, 7),
    toMonth: filter.to.slice(0, 7),
  };
}

/** `column` (a custody centre id) is a centre in one of the filter's areas (and centres). */
export function centreInAreas(filter: Pick<MetricFilter, "areaIds" | "centreIds">, column: SQL): SQL {
  if (filter.centreIds) {
    const centres = filter.centreIds.length
      ? sql.join(
          filter.centreIds.map((id) => sql`${id}`),
          sql`, `,
        )
      : sql`NULL`;
    // "+" keeps SQLite from reading by centre (all of a centre's years) rather than by the month asked for.
    return sql`+${column} IN (${centres}) AND ${centreInAreas({ areaIds: filter.areaIds }, column)}`;
  }
  // Custody figures: a referral from outside custody has no centre and is in none (decision 014).
  // "+" again keeps SQLite from reading by centre.
  if (filter.areaIds === "all") return sql`+${column} IS NOT NULL`;
  if (!filter.areaIds.length) return sql`0 = 1`;
  const ids = sql.join(
    filter.areaIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`${column} IN (
    SELECT scope_centre.id FROM custody_centres scope_centre
    JOIN areas scope_la ON scope_la.id = scope_centre.local_authority_area_id
    WHERE scope_centre.division_area_id IN (${ids})
       OR scope_centre.local_authority_area_id IN (${ids})
       OR scope_la.parent_area_id IN (${ids}))`;
}

/** Referrals that count: not cancelled as made in error, not duplicates. */
export const countedReferralText = (alias: string) =>
  `coalesce(${alias}.closure_reason, '') NOT IN ('recorded_in_error', 'duplicate')`;
export const countedReferral = (alias: string) => sql.raw(countedReferralText(alias));

/**
 * Every count travels with its cell key (decision 013): `name_key` is the sum of the record keys
 * of the rows counted in `name`. Keys add up like counts, so the monthly figures keep them too.
 */
export type Keyed<V extends Record<string, number | null>> = V & { [K in keyof V & string as `${K}_key`]: number };
export const KEY_SUFFIX = "_key";
export const keyOf = (name: string) => `${name}${KEY_SUFFIX}`;

/** `empty` with a zero key beside each count. */
export const withKeys = <V extends Record<string, number>>(empty: V): Keyed<V> =>
  Object.fromEntries(
    Object.entries(empty).flatMap(([name, v]) => [
      [name, v],
      [keyOf(name), 0],
    ]),
  ) as Keyed<V>;

/** How many rows meet `condition`, and the sum of their record keys (`recordKey`, a column). */
export const keyedCount = (name: string, condition: string, recordKey: string) =>
  sql.raw(
    `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS ${name}, sum(CASE WHEN ${condition} THEN ${recordKey} ELSE 0 END) AS ${keyOf(name)}`,
  );

/**
 * The columns a metric can be broken down by; a missing one means "not for this figure".
 * `when` is the time that places a row in a month (the monthly figures are kept by it), and
 * `detail` a further split the monthly figures keep (the kind of service, or a reason).
 */
export type GroupColumns = { centre: string; when: string; provider?: string; serviceKind?: string; detail?: string };

export type Grouping = { key: SQL; label: SQL; joins: SQL };

export const NO_PROVIDER_LABEL = "No provider yet";

function grouping(breakdown: Breakdown, columns: GroupColumns): Grouping | null {
  const centre = sql.raw(columns.centre);
  switch (breakdown) {
    case "none":
      return { key: sql`'all'`, label: sql`'All'`, joins: sql`` };
    case "centre":
      return {
        key: sql`g_centre.id`,
        label: sql`g_centre.name`,
        joins: sql`JOIN custody_centres g_centre ON g_centre.id = ${centre}`,
      };
    case "division":
    case "local_authority": {
      const areaColumn = sql.raw(
        breakdown === "division" ? "g_centre.division_area_id" : "g_centre.local_authority_area_id",
      );
      return {
        key: sql`g_area.id`,
        label: sql`g_area.name`,
        joins: sql`JOIN custody_centres g_centre ON g_centre.id = ${centre} JOIN areas g_area ON g_area.id = ${areaColumn}`,
      };
    }
    case "provider": {
      if (!columns.provider) return null;
      const provider = sql.raw(columns.provider);
      return {
        key: sql`coalesce(${provider}, 'none')`,
        label: sql`coalesce(g_org.name, ${NO_PROVIDER_LABEL})`,
        joins: sql`LEFT JOIN organisations g_org ON g_org.id = ${provider}`,
      };
    }
    case "service_kind": {
      if (!columns.serviceKind) return null;
      const kind = sql.raw(columns.serviceKind);
      return { key: kind, label: kind, joins: sql`` };
    }
  }
}

/**
 * The finest grouping, for the monthly figures: centre, UK month (or day), provider and detail
 * in one key, "centre|2026-03|provider|detail" ("-" where the figure has no provider).
 */
export function cellGrouping(columns: GroupColumns, byDay = false): Grouping {
  const provider = columns.provider ? `coalesce(${columns.provider}, 'none')` : "'-'";
  const detail = columns.detail ?? columns.serviceKind;
  return {
    key: sql.raw(
      `${columns.centre} || '|' || ${byDay ? ukDaySql(columns.when) : ukMonthSql(columns.when)} || '|' || ${provider} || '|' || ${detail ? `coalesce(${detail}, '')` : "''"}`,
    ),
    label: sql`''`,
    joins: sql``,
  };
}

/**
 * A figure that is a count (or several) per group: `query` selects `key`, `label` and the
 * counts, grouped by key. The live path runs it per breakdown; the monthly figures run it once
 * per centre-month with cellGrouping and add the months up.
 */
export type CountFigure<V extends Record<string, number>> = {
  id: string;
  columns: GroupColumns;
  query: (filter: MetricFilter, g: Grouping) => SQL;
  empty: V;
  /** For figures that wait for time to pass: kept by day, with the day "now" falls in worked out live. */
  byDay?: DayRule<V>;
};

export type DayRule<V> = {
  /** Days whose rows are part counted, part not yet at `now`: counted live. */
  liveDays: (now: Date) => string[];
  /** Days whose months are counted in part at `now`: read by day from the stored rows. */
  boundaryDays?: (now: Date) => string[];
  /** A day's counts as they stand at `now` (windows not yet passed made 0), or null if none count yet. */
  asOf: (day: string, now: Date, values: V) => V | null;
};

/** How many there are (and their cell key), and their median and 90th percentile. */
export type Spread = { n: number; n_key: number; median: number | null; p90: number | null };
/** [value, how many times it occurs, the sum of those rows' record keys], in order of value. */
export type ValueCounts = readonly (readonly [number, number, number])[];

/** A figure that is a median and 90th percentile of a value per group. */
export type SpreadFigure<V extends Spread> = {
  id: string;
  columns: GroupColumns;
  /** Selects `key`, `label`, `value` and `rk` (the row's record key); `extra` narrows the rows. */
  source: (filter: MetricFilter, g: Grouping, extra?: SQL) => SQL;
  /** Further aggregates over `value` for the live query (", sum(value <= 21) AS x"). */
  extraAggregates?: SQL;
  empty: V;
  /** The figure from how many times each value occurs. */
  summarise: (counts: ValueCounts) => V;
  /** Rows of the filter's period the figure leaves out until they happen (appointments still to come), at `now`. */
  notYet?: (filter: MetricFilter, now: Date) => SQL;
};

export const liveCounts = <V extends Record<string, number>>(
  db: Queryable,
  filter: MetricFilter,
  figure: CountFigure<V>,
) => grouped(db, filter, figure.columns, (g) => figure.query(filter, g), figure.empty);

export const liveSpread = <V extends Spread>(db: Queryable, filter: MetricFilter, figure: SpreadFigure<V>) =>
  grouped(
    db,
    filter,
    figure.columns,
    (g) => medianAndP90(figure.source(filter, g), figure.extraAggregates),
    figure.empty,
  );

export type GroupRow<V> = { key: string; label: string } & V;
export type Grouped<V> = {
  /** One row per group of the breakdown; empty with no breakdown or one this figure has not. */
  rows: GroupRow<V>[];
  total: V;
  /** False when the figure has no such breakdown (detentions by kind of service, say). */
  isBrokenDown: boolean;
};

/** A query row's counts named as in `empty`, each taken from `empty` where the row has none. */
export function valuesOf<V extends Record<string, number | null>>(row: Record<string, unknown>, empty: V): V {
  const values = { ...empty } as Record<string, number | null>;
  for (const name of Object.keys(empty)) {
    const v = row[name];
    values[name] = v === null || v === undefined ? empty[name] : Number(v);
  }
  return values as V;
}

/**
 * Runs `query` once for the total and once per group of the breakdown. `query` gets the group
 * key, label and joins, and must select `key`, `label` and the figures, grouped by key.
 */
export function grouped<V extends Record<string, number | null>>(
  db: Queryable,
  filter: MetricFilter,
  columns: GroupColumns,
  query: (g: Grouping) => SQL,
  empty: V,
): Grouped<V> {
  const read = (row: Record<string, unknown>) => valuesOf(row, empty);
  const totalRow = db.all<Record<string, unknown>>(query(grouping("none", columns)!))[0];
  const total = totalRow ? read(totalRow) : { ...empty };
  const by = filter.breakdown === "none" ? null : grouping(filter.breakdown, columns);
  if (!by) return { rows: [], total, isBrokenDown: filter.breakdown === "none" };
  const rows = db
    .all<Record<string, unknown>>(query(by))
    .map((row) => ({ key: String(row.key), label: String(row.label), ...read(row) }) as GroupRow<V>);
  return { rows: rows.sort((a, b) => a.label.localeCompare(b.label)), total, isBrokenDown: true };
}

/**
 * Median and 90th percentile of `value` per group, in SQL with window functions. The median of
 * an even count is the mean of the middle two; the 90th percentile is the nearest rank,
 * the value at position ⌈0.9·n⌉. `extra` adds aggregates over `value` (", sum(value <= 21) AS x").
 */
export function medianAndP90(source: SQL, extra: SQL = sql``): SQL {
  return sql`
    WITH measured AS MATERIALIZED (${source}),
    ranked AS (
      SELECT key, label, value, rk,
        row_number() OVER (PARTITION BY key ORDER BY value) AS position,
        count(*) OVER (PARTITION BY key) AS n
      FROM measured WHERE value IS NOT NULL
    )
    SELECT key, label, max(n) AS n, sum(rk) AS n_key,
      avg(CASE WHEN position IN ((n + 1) / 2, (n + 2) / 2) THEN value END) AS median,
      max(CASE WHEN position = (9 * n + 9) / 10 THEN value END) AS p90
      ${extra}
    FROM ranked GROUP BY key`;
}

/**
 * The same median and 90th percentile as medianAndP90, from how many times each value occurs
 * (sorted by value): the mean of the middle two of an even count, the nearest rank ⌈0.9·n⌉.
 */
export function medianAndP90OfCounts(counts: ValueCounts): Spread {
  const n = counts.reduce((s, [, c]) => s + c, 0);
  const n_key = counts.reduce((s, [, , k]) => s + k, 0);
  if (n === 0) return { n, n_key, median: null, p90: null };
  const at = (position: number) => {
    let seen = 0;
    for (const [value, c] of counts) {
      seen += c;
      if (seen >= position) return value;
    }
    return counts[counts.length - 1][0];
  };
  const lower = Math.floor((n + 1) / 2);
  const upper = Math.floor((n + 2) / 2);
  return { n, n_key, median: (at(lower) + at(upper)) / 2, p90: at(Math.floor((9 * n + 9) / 10)) };
}

/**
 * Every group a breakdown can have within the areas (all centres, divisions, local authorities
 * or covering providers), so that a group with nothing to count shows as 0 rather than missing.
 * Kinds of service are listed only where there is something to count.
 */
export function breakdownGroups(db: Queryable, filter: MetricFilter): { key: string; label: string }[] {
  const inScope = centreInAreas(filter, sql.raw("c.id"));
  switch (filter.breakdown) {
    case "centre":
      return db.all(sql`SELECT c.id AS key, c.name AS label FROM custody_centres c WHERE ${inScope}`);
    case "division":
    case "local_authority": {
      const column = sql.raw(filter.breakdown === "division" ? "c.division_area_id" : "c.local_authority_area_id");
      return db.all(
        sql`SELECT DISTINCT a.id AS key, a.name AS label FROM custody_centres c JOIN areas a ON a.id = ${column} WHERE ${inScope}`,
      );
    }
    case "provider":
      return db.all(sql`
        SELECT DISTINCT o.id AS key, o.name AS label FROM provider_centres pc
        JOIN custody_centres c ON c.id = pc.custody_centre_id JOIN organisations o ON o.id = pc.organisation_id
        WHERE ${inScope}`);
    default:
      return [];
  }
}
