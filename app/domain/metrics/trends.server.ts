// The pathway as a funnel (from detentions to people still engaged at 12 weeks) and the main
// counts month by month, for the charts.
import { sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { detentions, offers } from "./custody.server";
import type { MetricFilter } from "./filter";
import { addMonths, monthsBetween } from "./period";
import { centreInAreas, countedReferral, periodBounds } from "./scope.server";

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

/**
 * Follows the people referred in the period: of those, how many were assessed, referred on to a
 * service, attended one, and were reported engaged at the 12-week check. The first three stages
 * come from custody figures for the same months.
 */
export function funnel(db: Queryable, filter: MetricFilter): Funnel {
  const overall = { ...filter, breakdown: "none" as const };
  const custody = detentions(db, overall).total;
  const offered = offers(db, overall).total;
  const { start, end } = periodBounds(filter);
  const pathway = db.get<Record<string, number | null>>(sql`
    SELECT count(*) AS referrals,
      sum(EXISTS (SELECT 1 FROM needs_assessments na WHERE na.arrest_referral_id = ar.id AND na.status = 'completed')) AS assessed,
      sum(EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id)) AS referredOn,
      sum(EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id AND (
        onr.first_attended_at IS NOT NULL
        OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id AND e.kind = 'attended')))) AS attended,
      sum(EXISTS (SELECT 1 FROM onward_referrals onr JOIN outcome_events e ON e.onward_referral_id = onr.id
        WHERE onr.arrest_referral_id = ar.id AND e.kind = 'engagement_check_12_weeks'
          AND json_extract(e.detail, '$.engagement') = 'engaged')) AS engaged12Weeks
    FROM arrest_referrals ar
    WHERE ar.created_at >= ${start} AND ar.created_at < ${end}
      AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}`);
  const n = (key: string) => Number(pathway?.[key] ?? 0);
  return {
    detentions: custody.detentions,
    disclosedNeed: Math.max(custody.disclosedDrugs, custody.disclosedAlcohol, custody.disclosedMentalHealth),
    offersMade: offered.accepted + offered.declined + offered.notFit,
    referrals: n("referrals"),
    assessed: n("assessed"),
    referredOn: n("referredOn"),
    attended: n("attended"),
    engaged12Weeks: n("engaged12Weeks"),
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

/** Detentions, offers made, referrals and onward referrals sent, per calendar month. */
export function monthlyTrend(
  db: Queryable,
  filter: Pick<MetricFilter, "areaIds"> & { fromMonth: string; toMonth: string },
): MonthlyCounts[] {
  const start = `${filter.fromMonth}-01`;
  const nextMonthStart = `${addMonths(filter.toMonth, 1)}-01`;
  const inScope = (column: string) => centreInAreas(filter, sql.raw(column));
  const perMonth = (query: ReturnType<typeof sql>) =>
    new Map(db.all<{ month: string; n: number; m?: number }>(query).map((r) => [r.month, r]));

  const custody = perMonth(sql`
    SELECT t.month AS month, sum(t.detentions) AS n, coalesce(sum(t.disclosed_drugs), 0) AS m FROM custody_throughput t
    WHERE t.month BETWEEN ${filter.fromMonth} AND ${filter.toMonth} AND ${inScope("t.custody_centre_id")} GROUP BY month`);
  const offered = perMonth(sql`
    SELECT substr(o.recorded_at, 1, 7) AS month, count(*) AS n FROM custody_offers o
    WHERE o.recorded_at >= ${start} AND o.recorded_at < ${nextMonthStart}
      AND (o.result IN ('accepted', 'declined') OR (o.result = 'not_fit' AND o.reoffered_at IS NULL))
      AND ${inScope("o.custody_centre_id")} GROUP BY month`);
  const referred = perMonth(sql`
    SELECT substr(ar.created_at, 1, 7) AS month, count(*) AS n FROM arrest_referrals ar
    WHERE ar.created_at >= ${start} AND ar.created_at < ${nextMonthStart}
      AND ${countedReferral("ar")} AND ${inScope("ar.custody_centre_id")} GROUP BY month`);
  const onward = perMonth(sql`
    SELECT substr(onr.created_at, 1, 7) AS month, count(*) AS n FROM onward_referrals onr
    JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id
    WHERE onr.created_at >= ${start} AND onr.created_at < ${nextMonthStart}
      AND ${countedReferral("ar")} AND ${inScope("ar.custody_centre_id")} GROUP BY month`);

  return monthsBetween(filter.fromMonth, filter.toMonth).map((month) => ({
    month,
    detentions: Number(custody.get(month)?.n ?? 0),
    disclosedDrugs: Number(custody.get(month)?.m ?? 0),
    offersMade: Number(offered.get(month)?.n ?? 0),
    referrals: Number(referred.get(month)?.n ?? 0),
    onwardReferrals: Number(onward.get(month)?.n ?? 0),
  }));
}
