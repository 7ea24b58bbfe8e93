// Figures from custody: detentions and disclosed need (the custody throughput figures), and
// offers of arrest referral with why they were not taken up.
import { sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import {
  centreInAreas,
  grouped,
  keyedCount,
  liveCounts,
  periodBounds,
  withKeys,
  type CountFigure,
  type GroupColumns,
  type Grouping,
  type Keyed,
  valuesOf,
} from "./scope.server";
import type { MetricFilter } from "./filter";

const throughputColumns: GroupColumns = { centre: "t.custody_centre_id", when: "t.month" };

const NEEDS = [
  ["disclosed_drugs", "Drugs"],
  ["disclosed_alcohol", "Alcohol"],
  ["disclosed_mental_health", "MentalHealth"],
] as const;
/**
 * A centre-month is one record of the throughput figures: its key is the record key of every
 * count taken from it. A disclosed need adds a different constant to each row's key, so that
 * it is not perturbed in step with the detentions of the same months.
 */
const NEED_SALT = 262144;

/**
 * Detentions in the period's months, and how many disclosed drug, alcohol and mental-health
 * problems. A disclosed-need share divides by the detentions of the months where that need was
 * counted (`detentionsCountingDrugs` and so on), as not every centre counts every need.
 */
export function detentions(db: Queryable, filter: MetricFilter) {
  return grouped(db, filter, throughputColumns, (g) => detentionsQuery(filter, g), NO_DETENTIONS);
}

export const NO_DETENTIONS = withKeys({
  detentions: 0,
  centreMonths: 0,
  disclosedDrugs: 0,
  detentionsCountingDrugs: 0,
  disclosedAlcohol: 0,
  detentionsCountingAlcohol: 0,
  disclosedMentalHealth: 0,
  detentionsCountingMentalHealth: 0,
});
export type DetentionCounts = typeof NO_DETENTIONS;

const detentionsQuery = (filter: MetricFilter, g: Grouping) => {
  const { fromMonth, toMonth } = periodBounds(filter);
  return sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        sum(t.detentions) AS detentions, sum(t.record_key) AS detentions_key,
        count(*) AS centreMonths, sum(t.record_key) AS centreMonths_key,
        ${sql.raw(
          NEEDS.map(
            ([column, name], i) => `sum(t.${column}) AS disclosed${name},
        sum(CASE WHEN t.${column} IS NOT NULL THEN t.record_key + ${(i + 1) * NEED_SALT} END) AS disclosed${name}_key,
        sum(CASE WHEN t.${column} IS NOT NULL THEN t.detentions END) AS detentionsCounting${name},
        sum(CASE WHEN t.${column} IS NOT NULL THEN t.record_key END) AS detentionsCounting${name}_key`,
          ).join(",\n"),
        )}
      FROM custody_throughput t ${g.joins}
      WHERE t.month BETWEEN ${fromMonth} AND ${toMonth} AND ${centreInAreas(filter, sql.raw("t.custody_centre_id"))}
      GROUP BY key`;
};

/**
 * The same counts for each month of the filter's period (months with no returns left out): what
 * the monthly figures add up for any period within it, and for the trend.
 */
export function detentionsByMonth(db: Queryable, filter: MetricFilter): Map<string, DetentionCounts> {
  const byMonth = { key: sql.raw("t.month"), label: sql.raw("t.month"), joins: sql`` };
  const rows = db.all<Record<string, unknown>>(detentionsQuery(filter, byMonth));
  return new Map(rows.map((row) => [String(row.key), valuesOf(row, NO_DETENTIONS)]));
}

/**
 * Offers of arrest referral recorded at booking. "Offers made" are accepted, declined and not fit
 * to consent; a "not fit" offer later offered again is left out, as the later offer counts.
 * "Not offered" is counted apart: no offer was made.
 */
export const offersFigure: CountFigure<
  Keyed<{ accepted: number; declined: number; notFit: number; notOffered: number }>
> = {
  id: "offers",
  columns: { centre: "o.custody_centre_id", when: "o.recorded_at" },
  query: (filter, g) => {
    const { start, end } = periodBounds(filter);
    return sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        ${keyedCount("accepted", "o.result = 'accepted'", "o.record_key")},
        ${keyedCount("declined", "o.result = 'declined'", "o.record_key")},
        ${keyedCount("notFit", "o.result = 'not_fit' AND o.reoffered_at IS NULL", "o.record_key")},
        ${keyedCount("notOffered", "o.result = 'not_offered'", "o.record_key")}
      FROM custody_offers o ${g.joins}
      WHERE o.recorded_at >= ${start} AND o.recorded_at < ${end} AND ${centreInAreas(filter, sql.raw("o.custody_centre_id"))}
      GROUP BY key`;
  },
  empty: withKeys({ accepted: 0, declined: 0, notFit: 0, notOffered: 0 }),
};

export const offers = (db: Queryable, filter: MetricFilter) => liveCounts(db, filter, offersFigure);

export type NotTakenUpReason = { reason: string; count: number; count_key: number };

const notTakenUpReason = `CASE o.result WHEN 'not_offered' THEN 'not_offered:' || coalesce(o.not_offered_reason, 'other') ELSE o.result END`;

/**
 * Why arrest referral was not taken up: declined (a declined offer holds no reason, by design),
 * not fit to consent, and each reason recorded for not offering it. For all the areas chosen.
 */
export const notTakenUpFigure: CountFigure<Keyed<{ count: number }>> = {
  id: "not-taken-up",
  columns: { centre: "o.custody_centre_id", when: "o.recorded_at", detail: notTakenUpReason },
  query: (filter, g) => {
    const { start, end } = periodBounds(filter);
    return sql`
      SELECT ${g.key} AS key, ${g.label} AS label, count(*) AS count, sum(o.record_key) AS count_key
      FROM custody_offers o
      WHERE o.result <> 'accepted' AND NOT (o.result = 'not_fit' AND o.reoffered_at IS NOT NULL)
        AND o.recorded_at >= ${start} AND o.recorded_at < ${end} AND ${centreInAreas(filter, sql.raw("o.custody_centre_id"))}
      GROUP BY key`;
  },
  empty: withKeys({ count: 0 }),
};

export function notTakenUpReasons(db: Queryable, filter: MetricFilter): NotTakenUpReason[] {
  const reason = sql.raw(notTakenUpReason);
  return db
    .all<{ key: string; count: number; count_key: number }>(
      notTakenUpFigure.query(filter, { key: reason, label: reason, joins: sql`` }),
    )
    .map((r) => ({ reason: r.key, count: Number(r.count), count_key: Number(r.count_key) }))
    .sort((a, b) => a.reason.localeCompare(b.reason));
}
