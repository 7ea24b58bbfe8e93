// Re-entry to custody: of the people referred in the period, how many came back into custody
// within 90, 180 and 365 days, split by whether they engaged with a service. Only referrals
// whose whole window has passed count, so a recent referral never looks like a success.
import { sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import type { MetricFilter } from "./filter";
import { centreInAreas, countedReferral, grouped, periodBounds } from "./scope.server";

export const RE_ENTRY_WINDOWS = [90, 180, 365] as const;
export type ReEntryWindow = (typeof RE_ENTRY_WINDOWS)[number];

type Split = "engaged" | "notEngaged";
export type ReEntryCounts = Record<`${Split}Referrals${ReEntryWindow}` | `${Split}Reentered${ReEntryWindow}`, number>;

/**
 * For each window, referrals whose window has passed and how many of those people had a later
 * custody episode (at any centre) arriving within that many days of the referral. "Engaged"
 * means an onward referral from it reached in-progress or completed (the person attended) or a
 * 4- or 12-week check reported the person engaged.
 */
export function reEntry(db: Queryable, filter: MetricFilter) {
  const { start, end } = periodBounds(filter);
  const asOf = (filter.now ?? new Date()).toISOString();
  const columns = RE_ENTRY_WINDOWS.flatMap((days) =>
    (["engaged", "notEngaged"] as const).map((split) => {
      const who = split === "engaged" ? "engaged" : "NOT engaged";
      const eligible = `${who} AND julianday(referredAt) + ${days} <= julianday(asOf)`;
      return sql.raw(
        `sum(${eligible}) AS ${split}Referrals${days},
         sum(${eligible} AND julianday(nextArrival) <= julianday(referredAt) + ${days}) AS ${split}Reentered${days}`,
      );
    }),
  );
  const empty = Object.fromEntries(
    RE_ENTRY_WINDOWS.flatMap((d) => ["engaged", "notEngaged"].flatMap((s) => [[`${s}Referrals${d}`, 0], [`${s}Reentered${d}`, 0]])),
  ) as ReEntryCounts;
  return grouped(
    db,
    filter,
    { centre: "ar.custody_centre_id", provider: "ar.assigned_organisation_id" },
    (g) => sql`
      WITH referred AS MATERIALIZED (
        SELECT ${g.key} AS key, ${g.label} AS label, ar.created_at AS referredAt, ${asOf} AS asOf,
          (SELECT min(later.arrived_at) FROM custody_episodes later
            WHERE later.person_id = ar.person_id AND later.id <> ce.id AND later.arrived_at > ce.arrived_at) AS nextArrival,
          EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id AND (
            onr.first_attended_at IS NOT NULL OR onr.status IN ('in-progress', 'completed')
            OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id
              AND e.kind IN ('engagement_check_4_weeks', 'engagement_check_12_weeks')
              AND json_extract(e.detail, '$.engagement') = 'engaged'))) AS engaged
        FROM arrest_referrals ar
        JOIN custody_episodes ce ON ce.id = ar.custody_episode_id
        ${g.joins}
        WHERE ar.created_at >= ${start} AND ar.created_at < ${end}
          AND julianday(ar.created_at) + ${RE_ENTRY_WINDOWS[0]} <= julianday(${asOf})
          AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}
      )
      SELECT key, label, ${sql.join(columns, sql`, `)}
      FROM referred GROUP BY key`,
    empty,
  );
}
