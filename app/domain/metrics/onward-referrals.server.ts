// Figures about onward referrals to services: how many of each kind, how services answered
// (and how often they said no for lack of capacity), first appointments, engagement at 4 and
// 12 weeks, completion, waiting times and whether services report back. Each counts the onward
// referrals sent in the period, whatever has happened to them since.
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { SERVICE_KINDS, type ServiceKind } from "#db/schema";
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
  type Keyed,
  type Spread,
  type SpreadFigure,
} from "./scope.server";
import { dayAfter, ukDayOf, ukDaySql, ukDayStart } from "./uk-time";
import type { MetricFilter } from "./filter";

const onwardColumns: GroupColumns = {
  centre: "ar.custody_centre_id",
  when: "onr.created_at",
  provider: "onr.referring_organisation_id",
  serviceKind: "s.kind",
};

/** The joins and conditions that pick the onward referrals sent in the period from the areas. */
function sentInPeriod(filter: MetricFilter, joins: SQL, extraCondition: SQL = sql`1 = 1`) {
  const { start, end } = periodBounds(filter);
  return sql`
    FROM onward_referrals onr
    JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id
    JOIN services s ON s.id = onr.service_id
    ${joins}
    WHERE onr.created_at >= ${start} AND onr.created_at < ${end}
      AND ${countedReferral("ar")} AND ${centreInAreas(filter, sql.raw("ar.custody_centre_id"))}
      AND ${extraCondition}`;
}

const now = (filter: MetricFilter) => filter.now ?? new Date();

export type OnwardByKind = Keyed<{ sent: number } & Record<ServiceKind, number>>;

/** Onward referrals sent, in all and by the kind of service they went to. */
export const onwardByKindFigure: CountFigure<OnwardByKind> = {
  id: "onward-by-kind",
  columns: onwardColumns,
  query: (filter, g) => {
    const perKind = sql.join(
      SERVICE_KINDS.map((k) => keyedCount(k, `s.kind = '${k}'`, "onr.record_key")),
      sql`, `,
    );
    return sql`SELECT ${g.key} AS key, ${g.label} AS label, count(*) AS sent, sum(onr.record_key) AS sent_key, ${perKind} ${sentInPeriod(filter, g.joins)} GROUP BY key`;
  },
  empty: withKeys({
    sent: 0,
    ...(Object.fromEntries(SERVICE_KINDS.map((k) => [k, 0])) as Record<ServiceKind, number>),
  }) as OnwardByKind,
};

export const onwardReferralsByKind = (db: Queryable, filter: MetricFilter) =>
  liveCounts(db, filter, onwardByKindFigure);

/**
 * How services answered: accepted (whatever happened next), declined (and of those, declined
 * for lack of capacity, status reason "no_capacity"), still waiting for an answer, or cancelled
 * by the referrer before an answer. The four parts add up to the onward referrals sent.
 */
export const serviceResponsesFigure: CountFigure<
  Keyed<{
    sent: number;
    accepted: number;
    declined: number;
    capacityDeclines: number;
    awaitingReply: number;
    cancelledBeforeReply: number;
  }>
> = {
  id: "service-responses",
  columns: onwardColumns,
  query: (filter, g) => sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        count(*) AS sent, sum(onr.record_key) AS sent_key,
        ${keyedCount(
          "accepted",
          "onr.status IN ('accepted', 'in-progress', 'on-hold', 'completed', 'failed') OR (onr.status = 'cancelled' AND onr.responded_at IS NOT NULL)",
          "onr.record_key",
        )},
        ${keyedCount("declined", "onr.status = 'rejected'", "onr.record_key")},
        ${keyedCount("capacityDeclines", "onr.status = 'rejected' AND onr.status_reason = 'no_capacity'", "onr.record_key")},
        ${keyedCount("awaitingReply", "onr.status = 'requested'", "onr.record_key")},
        ${keyedCount("cancelledBeforeReply", "onr.status = 'cancelled' AND onr.responded_at IS NULL", "onr.record_key")}
      ${sentInPeriod(filter, g.joins)}
      GROUP BY key`,
  empty: withKeys({
    sent: 0,
    accepted: 0,
    declined: 0,
    capacityDeclines: 0,
    awaitingReply: 0,
    cancelledBeforeReply: 0,
  }),
};

export const serviceResponses = (db: Queryable, filter: MetricFilter) => liveCounts(db, filter, serviceResponsesFigure);

/**
 * First appointments: onward referrals with an appointment outcome reported (attended or did
 * not attend), and how many attended the first one, going by the earliest outcome reported.
 */
export const firstAppointmentsFigure: CountFigure<
  Keyed<{ withOutcome: number; attendedFirst: number; missedFirst: number }>
> = {
  id: "first-appointments",
  columns: onwardColumns,
  query: (filter, g) => sql`
      WITH firsts AS MATERIALIZED (
        SELECT ${g.key} AS key, ${g.label} AS label, onr.record_key AS rk,
          (SELECT e.kind FROM outcome_events e
            WHERE e.onward_referral_id = onr.id AND e.kind IN ('attended', 'did_not_attend')
            ORDER BY e.occurred_on, e.recorded_at LIMIT 1) AS firstOutcome
        ${sentInPeriod(filter, g.joins)}
      )
      SELECT key, label,
        ${keyedCount("withOutcome", "firstOutcome IS NOT NULL", "rk")},
        ${keyedCount("attendedFirst", "firstOutcome = 'attended'", "rk")},
        ${keyedCount("missedFirst", "firstOutcome = 'did_not_attend'", "rk")}
      FROM firsts GROUP BY key`,
  empty: withKeys({ withOutcome: 0, attendedFirst: 0, missedFirst: 0 }),
};

export const firstAppointments = (db: Queryable, filter: MetricFilter) =>
  liveCounts(db, filter, firstAppointmentsFigure);

const latestEngagement = (kind: string) =>
  sql.raw(`(SELECT json_extract(e.detail, '$.engagement') FROM outcome_events e
  WHERE e.onward_referral_id = onr.id AND e.kind = '${kind}' ORDER BY e.recorded_at DESC LIMIT 1)`);

/**
 * Engagement reported at the 4- and 12-week checks (the latest report of each: engaged, partly
 * engaged or not engaged), and how onward referrals ended: completed (including transferred
 * on), disengaged, or ended for a reason that is neither (moved away, back in custody or
 * prison, died), all "failed" in FHIR terms.
 */
export const engagementFigure: CountFigure<
  Keyed<{
    checked4Weeks: number;
    engaged4Weeks: number;
    checked12Weeks: number;
    engaged12Weeks: number;
    ended: number;
    completed: number;
    disengaged: number;
    endedOtherwise: number;
  }>
> = {
  id: "engagement",
  columns: onwardColumns,
  query: (filter, g) => sql`
      WITH checks AS MATERIALIZED (
        SELECT ${g.key} AS key, ${g.label} AS label, onr.status AS status, onr.status_reason AS statusReason, onr.record_key AS rk,
          ${latestEngagement("engagement_check_4_weeks")} AS week4,
          ${latestEngagement("engagement_check_12_weeks")} AS week12
        ${sentInPeriod(filter, g.joins)}
      )
      SELECT key, label,
        ${keyedCount("checked4Weeks", "week4 IS NOT NULL", "rk")},
        ${keyedCount("engaged4Weeks", "week4 = 'engaged'", "rk")},
        ${keyedCount("checked12Weeks", "week12 IS NOT NULL", "rk")},
        ${keyedCount("engaged12Weeks", "week12 = 'engaged'", "rk")},
        ${keyedCount("ended", "status IN ('completed', 'failed')", "rk")},
        ${keyedCount("completed", "status = 'completed'", "rk")},
        ${keyedCount("disengaged", "status = 'failed' AND statusReason = 'disengaged'", "rk")},
        ${keyedCount("endedOtherwise", "status = 'failed' AND coalesce(statusReason, '') <> 'disengaged'", "rk")}
      FROM checks GROUP BY key`,
  empty: withKeys({
    checked4Weeks: 0,
    engaged4Weeks: 0,
    checked12Weeks: 0,
    engaged12Weeks: 0,
    ended: 0,
    completed: 0,
    disengaged: 0,
    endedOtherwise: 0,
  }),
};

export const engagement = (db: Queryable, filter: MetricFilter) => liveCounts(db, filter, engagementFigure);

/** The waiting-time standard: treatment starts within three weeks of referral. */
export const WAITING_STANDARD_DAYS = 21;

type Waiting = Spread & { withinStandard: number; withinStandard_key: number };

/**
 * Whole UK calendar days from the day of the onward referral to the day the person first attended (when
 * treatment started), for waits that ended in attendance: median, 90th percentile, and how many
 * within 21 days. A missed first appointment does not end a wait; missed first appointments are
 * counted in the first-appointments figure. Attendance is a recorded fact, so nothing here waits
 * for time to pass.
 */
export const waitingTimesFigure: SpreadFigure<Waiting> = {
  id: "waiting-times",
  columns: onwardColumns,
  source: (filter, g, extra = sql`1 = 1`) =>
    sql`SELECT ${g.key} AS key, ${g.label} AS label,
      julianday(${sql.raw(ukDaySql("onr.first_attended_at"))}) - julianday(${sql.raw(ukDaySql("onr.created_at"))}) AS value, onr.record_key AS rk
      ${sentInPeriod(filter, g.joins, sql`onr.first_attended_at IS NOT NULL AND ${extra}`)}`,
  extraAggregates: sql.raw(
    `, sum(value <= ${WAITING_STANDARD_DAYS}) AS withinStandard, sum(CASE WHEN value <= ${WAITING_STANDARD_DAYS} THEN rk ELSE 0 END) AS withinStandard_key`,
  ),
  empty: { n: 0, n_key: 0, median: null, p90: null, withinStandard: 0, withinStandard_key: 0 },
  summarise: (counts) => ({
    ...medianAndP90OfCounts(counts),
    withinStandard: counts.reduce((s, [value, c]) => s + (value <= WAITING_STANDARD_DAYS ? c : 0), 0),
    withinStandard_key: counts.reduce((s, [value, , k]) => s + (value <= WAITING_STANDARD_DAYS ? k : 0), 0),
  }),
};

export const waitingTimes = (db: Queryable, filter: MetricFilter) => liveSpread(db, filter, waitingTimesFigure);

export const FEEDBACK_DAYS = 28;

const DAY_MS = 86400_000;
const feedbackDueBy = (asOf: Date) => new Date(asOf.getTime() - FEEDBACK_DAYS * DAY_MS).toISOString();

/**
 * Feedback completeness: of the onward referrals sent at least 28 days ago, how many had any
 * outcome reported by the service within 28 days of being sent.
 */
export const feedbackFigure: CountFigure<Keyed<{ due: number; reported: number }>> = {
  id: "feedback",
  columns: onwardColumns,
  query: (filter, g) => sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        count(*) AS due, sum(onr.record_key) AS due_key,
        ${keyedCount(
          "reported",
          `EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id
              AND julianday(e.recorded_at) <= julianday(onr.created_at) + ${FEEDBACK_DAYS})`,
          "onr.record_key",
        )}
      ${sentInPeriod(filter, g.joins, sql`onr.created_at <= ${feedbackDueBy(now(filter))}`)}
      GROUP BY key`,
  empty: withKeys({ due: 0, reported: 0 }),
  byDay: {
    liveDays: (asOf) => [ukDayOf(Date.parse(feedbackDueBy(asOf)))],
    // A whole UK day before the due-by day is due; a day after it is not yet.
    asOf: (day, asOf, values) => (ukDayStart(dayAfter(day)) <= feedbackDueBy(asOf) ? values : null),
  },
};

export const feedbackCompleteness = (db: Queryable, filter: MetricFilter) => liveCounts(db, filter, feedbackFigure);
