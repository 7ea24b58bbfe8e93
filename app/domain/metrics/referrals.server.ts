// Figures about arrest referrals: how many, the referral rate against detentions, whether the
// person was seen in custody or only after release, and how long until a worker first met them.
import { sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { detentions } from "./custody.server";
import type { MetricFilter } from "./filter";
import { centreInAreas, countedReferral, grouped, medianAndP90, periodBounds, type GroupColumns } from "./scope.server";

const referralColumns: GroupColumns = { centre: "ar.custody_centre_id", provider: "ar.assigned_organisation_id" };

const referralsInPeriod = (filter: MetricFilter) => {
  const { start, end } = periodBounds(filter);
  return sql`ar.created_at >= ${start} AND ar.created_at < ${end}
    AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}`;
};

/**
 * Arrest referrals made in the period (not those cancelled as made in error or duplicates), and
 * whether a worker saw the person while in custody, after release, or not yet.
 */
export function referrals(db: Queryable, filter: MetricFilter) {
  return grouped(
    db,
    filter,
    referralColumns,
    (g) => sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        count(*) AS referrals,
        sum(ar.first_contact_at IS NOT NULL AND ar.released_before_seen = 0) AS seenInCustody,
        sum(ar.first_contact_at IS NOT NULL AND ar.released_before_seen = 1) AS seenAfterRelease,
        sum(ar.first_contact_at IS NULL) AS notSeen
      FROM arrest_referrals ar ${g.joins}
      WHERE ${referralsInPeriod(filter)}
      GROUP BY key`,
    { referrals: 0, seenInCustody: 0, seenAfterRelease: 0, notSeen: 0 },
  );
}

/**
 * Referrals ÷ detentions, by group. Only for breakdowns that detentions have (centre, division,
 * local authority); referrals by provider or kind of service have no detentions to divide by.
 */
export function referralRate(db: Queryable, filter: MetricFilter) {
  const custody = detentions(db, filter);
  const made = referrals(db, filter);
  const byKey = new Map(made.rows.map((r) => [r.key, r]));
  const rows = custody.isBrokenDown
    ? mergeKeys(custody.rows, made.rows).map(({ key, label }) => ({
        key,
        label,
        detentions: custody.rows.find((r) => r.key === key)?.detentions ?? 0,
        referrals: byKey.get(key)?.referrals ?? 0,
      }))
    : [];
  return {
    rows,
    total: { detentions: custody.total.detentions, referrals: made.total.referrals },
    isBrokenDown: custody.isBrokenDown,
  };
}

function mergeKeys(...lists: { key: string; label: string }[][]) {
  const seen = new Map<string, string>();
  for (const list of lists) for (const { key, label } of list) if (!seen.has(key)) seen.set(key, label);
  return [...seen].map(([key, label]) => ({ key, label })).sort((a, b) => a.label.localeCompare(b.label));
}

/** Minutes from the referral being made to a worker first meeting or speaking with the person. */
export function timeToFirstContact(db: Queryable, filter: MetricFilter) {
  return grouped(
    db,
    filter,
    referralColumns,
    (g) =>
      medianAndP90(sql`
        SELECT ${g.key} AS key, ${g.label} AS label,
          (julianday(ar.first_contact_at) - julianday(ar.created_at)) * 1440.0 AS value
        FROM arrest_referrals ar ${g.joins}
        WHERE ${referralsInPeriod(filter)} AND ar.first_contact_at IS NOT NULL`),
    { n: 0, median: null, p90: null } as { n: number; median: number | null; p90: number | null },
  );
}
