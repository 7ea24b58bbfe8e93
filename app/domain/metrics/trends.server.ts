// The pathway as a funnel (from detentions to people still engaged at 12 weeks) and the main
// counts month by month, for the charts.
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { detentions, offers } from "./custody.server";
import { lastDayOf, monthsBetween } from "./period";
import {
  centreInAreas,
  countedReferral,
  keyedCount,
  liveCounts,
  periodBounds,
  withKeys,
  type CountFigure,
  type Keyed,
} from "./scope.server";
import { ukMonthSql } from "./uk-time";
import type { MetricFilter } from "./filter";

export type Funnel = Keyed<{
  detentions: number;
  /** The largest of the three disclosed needs: at least this many disclosed one of them. */
  disclosedNeed: number;
  offersMade: number;
  referrals: number;
  assessed: number;
  referredOn: number;
  attended: number;
  engaged12Weeks: number;
}>;

type Pathway = Keyed<{
  referrals: number;
  assessed: number;
  referredOn: number;
  attended: number;
  engaged12Weeks: number;
}>;

const assessed =
  "EXISTS (SELECT 1 FROM needs_assessments na WHERE na.arrest_referral_id = ar.id AND na.status = 'completed')";
const referredOn = "EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id)";
const attended = `EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id AND (
  onr.first_attended_at IS NOT NULL
  OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id AND e.kind = 'attended')))`;
// The latest 12-week check of an onward referral, as the engagement table counts it.
const engaged12Weeks = `EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id
  AND (SELECT json_extract(e.detail, '$.engagement') FROM outcome_events e
       WHERE e.onward_referral_id = onr.id AND e.kind = 'engagement_check_12_weeks'
       ORDER BY e.recorded_at DESC LIMIT 1) = 'engaged')`;

/**
 * The people referred in the period, and how many went on through each step: assessed; assessed
 * and referred on; those and attended; those and engaged at 12 weeks. Each step counts only
 * people who passed every step before it, so each is a part of the one before.
 */
export const pathwayFigure: CountFigure<Pathway> = {
  id: "pathway",
  columns: { centre: "ar.custody_centre_id", when: "ar.created_at" },
  query: (filter, g) => {
    const { start, end } = periodBounds(filter);
    const steps = [assessed, referredOn, attended, engaged12Weeks];
    const upTo = (n: number) => steps.slice(0, n).join(" AND ");
    return sql`
    SELECT ${g.key} AS key, ${g.label} AS label, count(*) AS referrals, sum(ar.record_key) AS referrals_key,
      ${keyedCount("assessed", upTo(1), "ar.record_key")},
      ${keyedCount("referredOn", upTo(2), "ar.record_key")},
      ${keyedCount("attended", upTo(3), "ar.record_key")},
      ${keyedCount("engaged12Weeks", upTo(4), "ar.record_key")}
    FROM arrest_referrals ar ${g.joins}
    WHERE ar.created_at >= ${start} AND ar.created_at < ${end}
      AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}
    GROUP BY key`;
  },
  empty: withKeys({ referrals: 0, assessed: 0, referredOn: 0, attended: 0, engaged12Weeks: 0 }),
};

/**
 * Follows the people referred in the period: of those, how many were assessed, referred on to a
 * service, attended one, and were reported engaged at the 12-week check. The first three stages
 * come from custody figures for the same months.
 */
export function funnel(db: Queryable, filter: MetricFilter): Funnel {
  const overall = { ...filter, breakdown: "none" as const };
  return funnelOf(
    detentions(db, overall).total,
    offers(db, overall).total,
    liveCounts(db, overall, pathwayFigure).total,
  );
}

export function funnelOf(
  custody: ReturnType<typeof detentions>["total"],
  offered: ReturnType<typeof offers>["total"],
  pathway: Pathway,
): Funnel {
  const needs = [
    [custody.disclosedDrugs, custody.disclosedDrugs_key],
    [custody.disclosedAlcohol, custody.disclosedAlcohol_key],
    [custody.disclosedMentalHealth, custody.disclosedMentalHealth_key],
  ].sort((a, b) => b[0] - a[0]);
  return {
    detentions: custody.detentions,
    detentions_key: custody.detentions_key,
    disclosedNeed: needs[0][0],
    disclosedNeed_key: needs[0][1],
    offersMade: offered.accepted + offered.declined + offered.notFit,
    offersMade_key: offered.accepted_key + offered.declined_key + offered.notFit_key,
    ...pathway,
  };
}

export type MonthlyCounts = { month: string } & Keyed<{
  detentions: number;
  disclosedDrugs: number;
  offersMade: number;
  referrals: number;
  onwardReferrals: number;
}>;

/** A month's count and its cell key. */
export type KeyedCount = { n: number; key: number };

type MonthFilter = Pick<MetricFilter, "areaIds"> & { fromMonth: string; toMonth: string };

/** Detentions and disclosed drug problems per month, from the custody throughput figures. */
export function custodyByMonth(db: Queryable, filter: MonthFilter) {
  const rows = db.all<{
    month: string;
    detentions: number;
    detentions_key: number;
    disclosedDrugs: number;
    disclosedDrugs_key: number;
  }>(sql`
    SELECT t.month AS month, sum(t.detentions) AS detentions, sum(t.record_key) AS detentions_key,
      coalesce(sum(t.disclosed_drugs), 0) AS disclosedDrugs,
      coalesce(sum(CASE WHEN t.disclosed_drugs IS NOT NULL THEN t.record_key + 262144 END), 0) AS disclosedDrugs_key
    FROM custody_throughput t
    WHERE t.month BETWEEN ${filter.fromMonth} AND ${filter.toMonth} AND ${centreInAreas(filter, sql.raw("t.custody_centre_id"))} GROUP BY month`);
  return new Map(rows.map((r) => [r.month, r]));
}

/** Detentions, offers made, referrals and onward referrals sent, per calendar month (UK time). */
export function monthlyTrend(db: Queryable, filter: MonthFilter): MonthlyCounts[] {
  const { start, end: nextMonthStart } = periodBounds({
    from: `${filter.fromMonth}-01`,
    to: lastDayOf(filter.toMonth),
  });
  const inScope = (column: string) => centreInAreas(filter, sql.raw(column));
  const perMonth = (query: SQL) =>
    new Map(db.all<{ month: string; n: number; key: number }>(query).map((r) => [r.month, { n: r.n, key: r.key }]));
  return monthlyTrendOf(monthsBetween(filter.fromMonth, filter.toMonth), {
    custody: custodyByMonth(db, filter),
    offersMade: perMonth(sql`
      SELECT ${sql.raw(ukMonthSql("o.recorded_at"))} AS month, count(*) AS n, sum(o.record_key) AS key FROM custody_offers o
      WHERE o.recorded_at >= ${start} AND o.recorded_at < ${nextMonthStart}
        AND (o.result IN ('accepted', 'declined') OR (o.result = 'not_fit' AND o.reoffered_at IS NULL))
        AND ${inScope("o.custody_centre_id")} GROUP BY month`),
    referrals: perMonth(sql`
      SELECT ${sql.raw(ukMonthSql("ar.created_at"))} AS month, count(*) AS n, sum(ar.record_key) AS key FROM arrest_referrals ar
      WHERE ar.created_at >= ${start} AND ar.created_at < ${nextMonthStart}
        AND ${countedReferral("ar")} AND ${inScope("ar.custody_centre_id")} GROUP BY month`),
    onwardReferrals: perMonth(sql`
      SELECT ${sql.raw(ukMonthSql("onr.created_at"))} AS month, count(*) AS n, sum(onr.record_key) AS key FROM onward_referrals onr
      JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id
      WHERE onr.created_at >= ${start} AND onr.created_at < ${nextMonthStart}
        AND ${countedReferral("ar")} AND ${inScope("ar.custody_centre_id")} GROUP BY month`),
  });
}

export function monthlyTrendOf(
  months: string[],
  counts: {
    custody: Map<
      string,
      { detentions: number; detentions_key: number; disclosedDrugs: number; disclosedDrugs_key: number }
    >;
    offersMade: Map<string, KeyedCount>;
    referrals: Map<string, KeyedCount>;
    onwardReferrals: Map<string, KeyedCount>;
  },
): MonthlyCounts[] {
  return months.map((month) => {
    const custody = counts.custody.get(month);
    const of = (which: Map<string, KeyedCount>) => which.get(month) ?? { n: 0, key: 0 };
    return {
      month,
      detentions: Number(custody?.detentions ?? 0),
      detentions_key: Number(custody?.detentions_key ?? 0),
      disclosedDrugs: Number(custody?.disclosedDrugs ?? 0),
      disclosedDrugs_key: Number(custody?.disclosedDrugs_key ?? 0),
      offersMade: Number(of(counts.offersMade).n),
      offersMade_key: Number(of(counts.offersMade).key),
      referrals: Number(of(counts.referrals).n),
      referrals_key: Number(of(counts.referrals).key),
      onwardReferrals: Number(of(counts.onwardReferrals).n),
      onwardReferrals_key: Number(of(counts.onwardReferrals).key),
    };
  });
}
