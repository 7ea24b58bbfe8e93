// Figures about arrest referrals: how many, the referral rate against detentions, whether the
// person was seen in custody or only after release, and how long until a worker first met them.
import { sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { detentions } from "./custody.server";
import {
  centreInAreas,
  countedReferral,
  keyedCount,
  liveCounts,
  liveSpread,
  medianAndP90OfCounts,
  periodBounds,
  withKeys,
  type CountFigure,
  type GroupColumns,
  type Grouped,
  type Keyed,
  type Spread,
  type SpreadFigure,
} from "./scope.server";
import type { MetricFilter } from "./filter";

const referralColumns: GroupColumns = {
  centre: "ar.custody_centre_id",
  when: "ar.created_at",
  provider: "ar.assigned_organisation_id",
};

const referralsInPeriod = (filter: MetricFilter) => {
  const { start, end } = periodBounds(filter);
  return sql`ar.created_at >= ${start} AND ar.created_at < ${end}
    AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}`;
};

/**
 * Released before the first contact, by the times recorded: the release time of the custody
 * episode against the first contact time. (Not the released-before-seen flag, which is set when
 * release is recorded before the assessment, even if a worker met the person before release.)
 */
const releasedBeforeContact =
  "(ce.released_at IS NOT NULL AND julianday(ce.released_at) <= julianday(ar.first_contact_at))";

/**
 * Arrest referrals made in the period (not those cancelled as made in error or duplicates), and
 * whether a worker first met or spoke with the person while in custody, only after release, or
 * not yet.
 */
export const referralsFigure: CountFigure<
  Keyed<{ referrals: number; seenInCustody: number; seenAfterRelease: number; notSeen: number }>
> = {
  id: "referrals",
  columns: referralColumns,
  query: (filter, g) => sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        count(*) AS referrals, sum(ar.record_key) AS referrals_key,
        ${keyedCount("seenInCustody", `ar.first_contact_at IS NOT NULL AND NOT (${releasedBeforeContact})`, "ar.record_key")},
        ${keyedCount("seenAfterRelease", `ar.first_contact_at IS NOT NULL AND ${releasedBeforeContact}`, "ar.record_key")},
        ${keyedCount("notSeen", "ar.first_contact_at IS NULL", "ar.record_key")}
      FROM arrest_referrals ar JOIN custody_episodes ce ON ce.id = ar.custody_episode_id ${g.joins}
      WHERE ${referralsInPeriod(filter)}
      GROUP BY key`,
  empty: withKeys({ referrals: 0, seenInCustody: 0, seenAfterRelease: 0, notSeen: 0 }),
};

export const referrals = (db: Queryable, filter: MetricFilter) => liveCounts(db, filter, referralsFigure);

/**
 * Referrals ÷ detentions, by group. Only for breakdowns that detentions have (centre, division,
 * local authority); referrals by provider or kind of service have no detentions to divide by.
 */
export const referralRate = (db: Queryable, filter: MetricFilter) =>
  referralRateOf(detentions(db, filter), referrals(db, filter));

export function referralRateOf(custody: ReturnType<typeof detentions>, made: Grouped<Keyed<{ referrals: number }>>) {
  const byKey = new Map(made.rows.map((r) => [r.key, r]));
  const rows = custody.isBrokenDown
    ? mergeKeys(custody.rows, made.rows).map(({ key, label }) => ({
        key,
        label,
        detentions: custody.rows.find((r) => r.key === key)?.detentions ?? 0,
        detentions_key: custody.rows.find((r) => r.key === key)?.detentions_key ?? 0,
        referrals: byKey.get(key)?.referrals ?? 0,
        referrals_key: byKey.get(key)?.referrals_key ?? 0,
      }))
    : [];
  return {
    rows,
    total: {
      detentions: custody.total.detentions,
      detentions_key: custody.total.detentions_key,
      referrals: made.total.referrals,
      referrals_key: made.total.referrals_key,
    },
    isBrokenDown: custody.isBrokenDown,
  };
}

function mergeKeys(...lists: { key: string; label: string }[][]) {
  const seen = new Map<string, string>();
  for (const list of lists) for (const { key, label } of list) if (!seen.has(key)) seen.set(key, label);
  return [...seen].map(([key, label]) => ({ key, label })).sort((a, b) => a.label.localeCompare(b.label));
}

const minutesToContact = "(julianday(ar.first_contact_at) - julianday(ar.created_at)) * 1440.0";

/**
 * Minutes from the referral being made to a worker first meeting or speaking with the person,
 * to the nearest minute (to the nearest hour past two days, where the page shows days): few
 * distinct values, so a national ten-year median adds up small monthly counts.
 */
export const timeToFirstContactFigure: SpreadFigure<Spread> = {
  id: "first-contact",
  columns: referralColumns,
  source: (filter, g) => sql`
    SELECT ${g.key} AS key, ${g.label} AS label,
      ${sql.raw(`CASE WHEN ${minutesToContact} < 2880 THEN round(${minutesToContact}) ELSE round(${minutesToContact} / 60.0) * 60 END`)} AS value,
      ar.record_key AS rk
    FROM arrest_referrals ar ${g.joins}
    WHERE ${referralsInPeriod(filter)} AND ar.first_contact_at IS NOT NULL`,
  empty: { n: 0, n_key: 0, median: null, p90: null },
  summarise: medianAndP90OfCounts,
};

export const timeToFirstContact = (db: Queryable, filter: MetricFilter) =>
  liveSpread(db, filter, timeToFirstContactFigure);
