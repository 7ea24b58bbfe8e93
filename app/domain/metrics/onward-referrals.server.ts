// Figures about onward referrals to services: how many of each kind, how services answered
// (and how often they said no for lack of capacity), first appointments, engagement at 4 and
// 12 weeks, completion, waiting times and whether services report back. Each counts the onward
// referrals sent in the period, whatever has happened to them since.
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { SERVICE_KINDS, type ServiceKind } from "#db/schema";
import type { MetricFilter } from "./filter";
import { centreInAreas, countedReferral, grouped, medianAndP90, periodBounds, type GroupColumns } from "./scope.server";

const onwardColumns: GroupColumns = {
  centre: "ar.custody_centre_id",
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

export type OnwardByKind = { sent: number } & Record<ServiceKind, number>;

/** Onward referrals sent, in all and by the kind of service they went to. */
export function onwardReferralsByKind(db: Queryable, filter: MetricFilter) {
  const perKind = sql.join(
    SERVICE_KINDS.map((k) => sql.raw(`sum(s.kind = '${k}') AS ${k}`)),
    sql`, `,
  );
  return grouped(
    db,
    filter,
    onwardColumns,
    (g) => sql`SELECT ${g.key} AS key, ${g.label} AS label, count(*) AS sent, ${perKind} ${sentInPeriod(filter, g.joins)} GROUP BY key`,
    { sent: 0, ...(Object.fromEntries(SERVICE_KINDS.map((k) => [k, 0])) as Record<ServiceKind, number>) } as OnwardByKind,
  );
}

/**
 * How services answered: accepted (whatever happened next), declined (and of those, declined
 * for lack of capacity, status reason "no_capacity"), still waiting for an answer, or cancelled
 * by the referrer before an answer. The four parts add up to the onward referrals sent.
 */
export function serviceResponses(db: Queryable, filter: MetricFilter) {
  return grouped(
    db,
    filter,
    onwardColumns,
    (g) => sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        count(*) AS sent,
        sum(onr.status IN ('accepted', 'in-progress', 'on-hold', 'completed', 'failed')
            OR (onr.status = 'cancelled' AND onr.responded_at IS NOT NULL)) AS accepted,
        sum(onr.status = 'rejected') AS declined,
        sum(onr.status = 'rejected' AND onr.status_reason = 'no_capacity') AS capacityDeclines,
        sum(onr.status = 'requested') AS awaitingReply,
        sum(onr.status = 'cancelled' AND onr.responded_at IS NULL) AS cancelledBeforeReply
      ${sentInPeriod(filter, g.joins)}
      GROUP BY key`,
    { sent: 0, accepted: 0, declined: 0, capacityDeclines: 0, awaitingReply: 0, cancelledBeforeReply: 0 },
  );
}

/**
 * First appointments: onward referrals with an appointment outcome reported (attended or did
 * not attend), and how many attended the first one, going by the earliest outcome reported.
 */
export function firstAppointments(db: Queryable, filter: MetricFilter) {
  return grouped(
    db,
    filter,
    onwardColumns,
    (g) => sql`
      WITH firsts AS MATERIALIZED (
        SELECT ${g.key} AS key, ${g.label} AS label,
          (SELECT e.kind FROM outcome_events e
            WHERE e.onward_referral_id = onr.id AND e.kind IN ('attended', 'did_not_attend')
            ORDER BY e.occurred_on, e.recorded_at LIMIT 1) AS firstOutcome
        ${sentInPeriod(filter, g.joins)}
      )
      SELECT key, label,
        sum(firstOutcome IS NOT NULL) AS withOutcome,
        sum(firstOutcome = 'attended') AS attendedFirst
      FROM firsts GROUP BY key`,
    { withOutcome: 0, attendedFirst: 0 },
  );
}

const latestEngagement = (kind: string) => sql.raw(`(SELECT json_extract(e.detail, '$.engagement') FROM outcome_events e
  WHERE e.onward_referral_id = onr.id AND e.kind = '${kind}' ORDER BY e.recorded_at DESC LIMIT 1)`);

/**
 * Engagement reported at the 4- and 12-week checks (the latest report of each: engaged, partly
 * engaged or not engaged), and how onward referrals ended: completed (including transferred
 * on) or disengaged ("failed" in FHIR terms).
 */
export function engagement(db: Queryable, filter: MetricFilter) {
  return grouped(
    db,
    filter,
    onwardColumns,
    (g) => sql`
      WITH checks AS MATERIALIZED (
        SELECT ${g.key} AS key, ${g.label} AS label, onr.status AS status,
          ${latestEngagement("engagement_check_4_weeks")} AS week4,
          ${latestEngagement("engagement_check_12_weeks")} AS week12
        ${sentInPeriod(filter, g.joins)}
      )
      SELECT key, label,
        sum(week4 IS NOT NULL) AS checked4Weeks,
        sum(week4 = 'engaged') AS engaged4Weeks,
        sum(week12 IS NOT NULL) AS checked12Weeks,
        sum(week12 = 'engaged') AS engaged12Weeks,
        sum(status IN ('completed', 'failed')) AS ended,
        sum(status = 'completed') AS completed
      FROM checks GROUP BY key`,
    { checked4Weeks: 0, engaged4Weeks: 0, checked12Weeks: 0, engaged12Weeks: 0, ended: 0, completed: 0 },
  );
}

/** The waiting-time standard: treatment starts within three weeks of referral. */
export const WAITING_STANDARD_DAYS = 21;

/**
 * Whole days from the date of the onward referral to the date of the first appointment, for
 * waits that have ended (the appointment time has passed): median, 90th percentile, and how many
 * within 21 days.
 */
export function waitingTimes(db: Queryable, filter: MetricFilter) {
  const asOf = now(filter).toISOString();
  return grouped(
    db,
    filter,
    onwardColumns,
    (g) =>
      medianAndP90(
        sql`SELECT ${g.key} AS key, ${g.label} AS label,
          julianday(date(onr.first_appointment_at)) - julianday(date(onr.created_at)) AS value
          ${sentInPeriod(filter, g.joins, sql`onr.first_appointment_at IS NOT NULL AND onr.first_appointment_at <= ${asOf}`)}`,
        sql.raw(`, sum(value <= ${WAITING_STANDARD_DAYS}) AS withinStandard`),
      ),
    { n: 0, median: null, p90: null, withinStandard: 0 } as { n: number; median: number | null; p90: number | null; withinStandard: number },
  );
}

export const FEEDBACK_DAYS = 28;

/**
 * Feedback completeness: of the onward referrals sent at least 28 days ago, how many had any
 * outcome reported by the service within 28 days of being sent.
 */
export function feedbackCompleteness(db: Queryable, filter: MetricFilter) {
  const dueBy = new Date(now(filter).getTime() - FEEDBACK_DAYS * 86400_000).toISOString();
  return grouped(
    db,
    filter,
    onwardColumns,
    (g) => sql`
      SELECT ${g.key} AS key, ${g.label} AS label,
        count(*) AS due,
        sum(EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id
              AND julianday(e.recorded_at) <= julianday(onr.created_at) + ${FEEDBACK_DAYS})) AS reported
      ${sentInPeriod(filter, g.joins, sql`onr.created_at <= ${dueBy}`)}
      GROUP BY key`,
    { due: 0, reported: 0 },
  );
}
