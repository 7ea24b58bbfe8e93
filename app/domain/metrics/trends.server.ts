// The pathway as a funnel (from detentions to people still engaged at 12 weeks) and the main
// counts month by month, for the charts.
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { detentions, offers } from "./custody.server";
import type { MetricFilter } from "./filter";
import { addMonths, monthsBetween } from "./period";
import { centreInAreas, countedReferral, liveCounts, periodBounds, type CountFigure } from "./scope.server";

export type Funnel = {
  detentions: number;
  /** The largest of the three disclosed needs: at least this many disclosed one of them. */
  disclosedNeed: number;
  offersMade: number;
  referrals: number;
  assessed: number;
  referredOn: number;
  attended: number;
  engaged12Weeks: number;
};

type Pathway = { referrals: number; assessed: number; referredOn: number; attended: number; engaged12Weeks: number };

/** The people referred in the period, and how many were assessed, referred on, attended and engaged at 12 weeks. */
export const pathwayFigure: CountFigure<Pathway> = {
  id: "pathway",
  columns: { centre: "ar.custody_centre_id", when: "ar.created_at" },
  query: (filter, g) => {
    const { start, end } = periodBounds(filter);
    return sql`
    SELECT ${g.key} AS key, ${g.label} AS label, count(*) AS referrals,
      sum(EXISTS (SELECT 1 FROM needs_assessments na WHERE na.arrest_referral_id = ar.id AND na.status = 'completed')) AS assessed,
      sum(EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id)) AS referredOn,
      sum(EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id AND (
        onr.first_attended_at IS NOT NULL
        OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id AND e.kind = 'attended')))) AS attended,
      sum(EXISTS (SELECT 1 FROM onward_referrals onr JOIN outcome_events e ON e.onward_referral_id = onr.id
        WHERE onr.arrest_referral_id = ar.id AND e.kind = 'engagement_check_12_weeks'
          AND json_extract(e.detail, '$.engagement') = 'engaged')) AS engaged12Weeks
    FROM arrest_referrals ar ${g.joins}
    WHERE ar.created_at >= ${start} AND ar.created_at < ${end}
      AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}
    GROUP BY key`;
  },
  empty: { referrals: 0, assessed: 0, referredOn: 0, attended: 0, engaged12Weeks: 0 },
};

/**
 * Follows the people referred in the period: of those, how many were assessed, referred on to a
 * service, attended one, and were reported engaged at the 12-week check. The first three stages
 * come from custody figures for the same months.
 */
export function funnel(db: Queryable, filter: MetricFilter): Funnel {
  const overall = { ...filter, breakdown: "none" as const };
  return funnelOf(detentions(db, overall).total, offers(db, overall).total, liveCounts(db, overall, pathwayFigure).total);
}

export function funnelOf(
  custody: ReturnType<typeof detentions>["total"],
  offered: ReturnType<typeof offers>["total"],
  pathway: Pathway,
): Funnel {
  return {
    detentions: custody.detentions,
    disclosedNeed: Math.max(custody.disclosedDrugs, custody.disclosedAlcohol, custody.disclosedMentalHealth),
    offersMade: offered.accepted + offered.declined + offered.notFit,
    ...pathway,
  };
}

export type MonthlyCounts = {
  month: string;
  detentions: number;
  disclosedDrugs: number;
  offersMade: number;
  referrals: number;
  onwardReferrals: number;
};

type MonthFilter = Pick<MetricFilter, "areaIds"> & { fromMonth: string; toMonth: string };

/** Detentions and disclosed drug problems per month, from the custody throughput figures. */
export function custodyByMonth(db: Queryable, filter: MonthFilter) {
  const rows = db.all<{ month: string; detentions: number; disclosedDrugs: number }>(sql`
    SELECT t.month AS month, sum(t.detentions) AS detentions, coalesce(sum(t.disclosed_drugs), 0) AS disclosedDrugs FROM custody_throughput t
    WHERE t.month BETWEEN ${filter.fromMonth} AND ${filter.toMonth} AND ${centreInAreas(filter, sql.raw("t.custody_centre_id"))} GROUP BY month`);
  return new Map(rows.map((r) => [r.month, r]));
}

/** Detentions, offers made, referrals and onward referrals sent, per calendar month. */
export function monthlyTrend(db: Queryable, filter: MonthFilter): MonthlyCounts[] {
  const start = `${filter.fromMonth}-01`;
  const nextMonthStart = `${addMonths(filter.toMonth, 1)}-01`;
  const inScope = (column: string) => centreInAreas(filter, sql.raw(column));
  const perMonth = (query: SQL) => new Map(db.all<{ month: string; n: number }>(query).map((r) => [r.month, r.n]));
  return monthlyTrendOf(monthsBetween(filter.fromMonth, filter.toMonth), {
    custody: custodyByMonth(db, filter),
    offersMade: perMonth(sql`
      SELECT substr(o.recorded_at, 1, 7) AS month, count(*) AS n FROM custody_offers o
      WHERE o.recorded_at >= ${start} AND o.recorded_at < ${nextMonthStart}
        AND (o.result IN ('accepted', 'declined') OR (o.result = 'not_fit' AND o.reoffered_at IS NULL))
        AND ${inScope("o.custody_centre_id")} GROUP BY month`),
    referrals: perMonth(sql`
      SELECT substr(ar.created_at, 1, 7) AS month, count(*) AS n FROM arrest_referrals ar
      WHERE ar.created_at >= ${start} AND ar.created_at < ${nextMonthStart}
        AND ${countedReferral("ar")} AND ${inScope("ar.custody_centre_id")} GROUP BY month`),
    onwardReferrals: perMonth(sql`
      SELECT substr(onr.created_at, 1, 7) AS month, count(*) AS n FROM onward_referrals onr
      JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id
      WHERE onr.created_at >= ${start} AND onr.created_at < ${nextMonthStart}
        AND ${countedReferral("ar")} AND ${inScope("ar.custody_centre_id")} GROUP BY month`),
  });
}

export function monthlyTrendOf(
  months: string[],
  counts: {
    custody: Map<string, { detentions: number; disclosedDrugs: number }>;
    offersMade: Map<string, number>;
    referrals: Map<string, number>;
    onwardReferrals: Map<string, number>;
  },
): MonthlyCounts[] {
  return months.map((month) => ({
    month,
    detentions: Number(counts.custody.get(month)?.detentions ?? 0),
    disclosedDrugs: Number(counts.custody.get(month)?.disclosedDrugs ?? 0),
    offersMade: Number(counts.offersMade.get(month) ?? 0),
    referrals: Number(counts.referrals.get(month) ?? 0),
    onwardReferrals: Number(counts.onwardReferrals.get(month) ?? 0),
  }));
}
