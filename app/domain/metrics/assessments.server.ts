// The needs profile: of the needs assessments completed in the period, how many found each
// need at medium or high level.
import { sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import type { NeedDomain } from "#db/schema";
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
import type { MetricFilter } from "./filter";

/** The assessment column holding each domain's level. */
export const levelColumns: Record<NeedDomain, string> = {
  drugs: "drugs_level",
  alcohol: "alcohol_level",
  mental_health: "mental_health_level",
  housing: "housing_level",
  money: "money_level",
  employment: "employment_level",
  physical_health: "physical_health_level",
  family: "family_level",
  safety: "safety_level",
  justice: "justice_level",
};

const domains = Object.keys(levelColumns) as NeedDomain[];

export type NeedsProfile = { assessments: number } & Record<NeedDomain, number>;

/**
 * Completed assessments (the current version of each; superseded versions are not counted)
 * with `completed_at` in the period, and per need domain how many rated it medium or high.
 * Broken down by the custody centre of the referral, or by the provider that assessed.
 */
export const needsProfileFigure: CountFigure<Keyed<NeedsProfile>> = {
  id: "needs-profile",
  columns: { centre: "ar.custody_centre_id", when: "na.completed_at", provider: "na.organisation_id" },
  query: (filter, g) => {
    const { start, end } = periodBounds(filter);
    const perDomain = sql.join(
      domains.map((d) => keyedCount(d, `na.${levelColumns[d]} IN ('medium', 'high')`, "na.record_key")),
      sql`, `,
    );
    return sql`
      SELECT ${g.key} AS key, ${g.label} AS label, count(*) AS assessments, sum(na.record_key) AS assessments_key, ${perDomain}
      FROM needs_assessments na
      JOIN arrest_referrals ar ON ar.id = na.arrest_referral_id
      ${g.joins}
      WHERE na.status = 'completed' AND na.completed_at >= ${start} AND na.completed_at < ${end}
        AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}
      GROUP BY key`;
  },
  empty: withKeys({
    assessments: 0,
    ...(Object.fromEntries(domains.map((d) => [d, 0])) as Record<NeedDomain, number>),
  }) as Keyed<NeedsProfile>,
};

export const needsProfile = (db: Queryable, filter: MetricFilter) => liveCounts(db, filter, needsProfileFigure);
