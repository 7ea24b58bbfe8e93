// Re-entry to custody: of the people referred in the period, how many came back into custody
// within 90, 180 and 365 days, split by whether they engaged with a service before coming back.
// It counts people: a referral made within a window of an earlier referral of the same person
// is part of that window (usually the return itself) and does not start a new one. Only
// windows that have wholly passed count, so a recent referral never looks like a success: a
// window counts from the UK day after the one it ends on, so the figure is the same all day
// (decision 036).
import { sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
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
import { addDays, ukDayOf, ukDaySql, ukDayStart } from "./uk-time";
import type { MetricFilter } from "./filter";

export const RE_ENTRY_WINDOWS = [90, 180, 365] as const;
export type ReEntryWindow = (typeof RE_ENTRY_WINDOWS)[number];

type Split = "engaged" | "notEngaged";
export type ReEntryCounts = Keyed<
  Record<`${Split}Referrals${ReEntryWindow}` | `${Split}Reentered${ReEntryWindow}`, number>
>;

const empty = withKeys(
  Object.fromEntries(
    RE_ENTRY_WINDOWS.flatMap((d) =>
      ["engaged", "notEngaged"].flatMap((s) => [
        [`${s}Referrals${d}`, 0],
        [`${s}Reentered${d}`, 0],
      ]),
    ),
  ),
) as ReEntryCounts;

/**
 * The first UK day whose referrals' `days`-day windows have not all passed at `asOf`: referrals
 * made before it count. A window ends `days` days after the referral, during the UK day `days`
 * after the referral's; it counts from the next UK day.
 */
const firstOpenDay = (asOf: Date, days: number) => addDays(ukDayOf(asOf), -days);

/**
 * For each window, the people referred whose window has passed and how many of them had a later
 * custody episode (at any centre using Pathway) arriving within that many days of the referral.
 * A person counts once per window: a referral counts only if the person's previous counted
 * referral (at any centre) was more than that many days before it, so the referral made when
 * they came back does not count them again. "Engaged" means engaged before coming back: the
 * person attended a service from this referral, or a 4- or 12-week check said engaged, before
 * the UK day of their next detention (for those not detained again, at any time; an onward
 * referral in progress or completed counts too). Days are UK calendar days.
 */
export const reEntryFigure: CountFigure<ReEntryCounts> = {
  id: "re-entry",
  columns: {
    centre: "ar.custody_centre_id",
    when: "ar.created_at",
    provider: "ar.assigned_organisation_id",
  },
  query: (filter, g) => {
    const { start, end } = periodBounds(filter);
    const asOf = filter.now ?? new Date();
    // Generated here from a date, never from a request: safe to write into the SQL.
    const openFrom = (days: number) => `'${ukDayStart(firstOpenDay(asOf, days))}'`;
    const columns = RE_ENTRY_WINDOWS.flatMap((days) =>
      (["engaged", "notEngaged"] as const).map((split) => {
        const who = split === "engaged" ? "engaged" : "NOT engaged";
        const eligible = `${who} AND referredAt < ${openFrom(days)}
          AND (previousReferral IS NULL OR julianday(referredAt) - julianday(previousReferral) > ${days})`;
        return sql`${keyedCount(`${split}Referrals${days}`, eligible, "rk")},
         ${keyedCount(`${split}Reentered${days}`, `${eligible} AND julianday(nextArrival) <= julianday(referredAt) + ${days}`, "rk")}`;
      }),
    );
    return sql`
      WITH returned AS MATERIALIZED (
        SELECT ${g.key} AS key, ${g.label} AS label, ar.id AS referralId, ar.created_at AS referredAt, ar.record_key AS rk,
          (SELECT min(later.arrived_at) FROM custody_episodes later
            WHERE later.person_id = ar.person_id AND later.id <> ce.id AND later.arrived_at > ce.arrived_at) AS nextArrival,
          (SELECT max(prev.created_at) FROM arrest_referrals prev
            WHERE prev.person_id = ar.person_id AND prev.id <> ar.id AND ${countedReferral("prev")}
              AND (prev.created_at < ar.created_at OR (prev.created_at = ar.created_at AND prev.id < ar.id))) AS previousReferral
        FROM arrest_referrals ar
        JOIN custody_episodes ce ON ce.id = ar.custody_episode_id
        ${g.joins}
        WHERE ar.created_at >= ${start} AND ar.created_at < ${end}
          AND ar.created_at < ${ukDayStart(firstOpenDay(asOf, RE_ENTRY_WINDOWS[0]))}
          AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}
      ),
      -- Engaged before the return (or at all, for those who did not return): attended before the
      -- UK day they were detained again, or a check before that day said engaged.
      referred AS MATERIALIZED (
        SELECT r.*, EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = r.referralId AND (
            (onr.first_attended_at IS NOT NULL AND (r.nextArrival IS NULL OR ${sql.raw(ukDaySql("onr.first_attended_at"))} < r.returnDay))
            OR (r.nextArrival IS NULL AND onr.status IN ('in-progress', 'completed'))
            OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id
              AND e.kind IN ('engagement_check_4_weeks', 'engagement_check_12_weeks')
              AND json_extract(e.detail, '$.engagement') = 'engaged'
              AND (r.nextArrival IS NULL OR e.occurred_on < r.returnDay)))) AS engaged
        FROM (SELECT *, ${sql.raw(ukDaySql("nextArrival"))} AS returnDay FROM returned) r
      )
      SELECT key, label, ${sql.join(columns, sql`, `)}
      FROM referred GROUP BY key`;
  },
  empty,
  byDay: {
    // Whole UK days count or not, so nothing is counted live; the month of each window's first
    // open day is counted in part, so it is read by day.
    liveDays: () => [],
    boundaryDays: (asOf) => RE_ENTRY_WINDOWS.map((days) => firstOpenDay(asOf, days)),
    asOf: (day, asOf, values) => {
      const passed = (days: number) => day < firstOpenDay(asOf, days);
      if (!passed(RE_ENTRY_WINDOWS[0])) return null;
      const counts = { ...values };
      for (const days of RE_ENTRY_WINDOWS) {
        if (passed(days)) continue;
        for (const split of ["engaged", "notEngaged"] as const) {
          counts[`${split}Referrals${days}`] = 0;
          counts[`${split}Reentered${days}`] = 0;
          counts[`${split}Referrals${days}_key`] = 0;
          counts[`${split}Reentered${days}_key`] = 0;
        }
      }
      return counts;
    },
  },
};

export const reEntry = (db: Queryable, filter: MetricFilter) => liveCounts(db, filter, reEntryFigure);
