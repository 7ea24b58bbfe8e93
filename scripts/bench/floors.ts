// Each commissioner figure computed three ways on the same database: as the app's dashboard
// does (added up from the monthly figures), by the app's live metric function, and by a
// hand-written SQL query for the same figure (the floor: what the database itself needs to read
// the records). The totals must agree; the ratio of the times is what the app costs or saves.
import type { Db } from "#db/connection";
import { buildDashboard } from "~/domain/metrics/dashboard.server";
import { liveFigures, monthlyFigures, type Figures } from "~/domain/metrics/figures.server";
import type { MetricFilter } from "~/domain/metrics/filter";
import { addMonths, type Period } from "~/domain/metrics/period";

type Row = Record<string, number | string | null>;

export type FloorComparison = {
  metric: string;
  /** From the monthly figures, as the dashboard shows it. */
  appMs: number;
  /** The same figure read live from the records (null when not measured). */
  liveMs: number | null;
  floorMs: number;
  ratio: number;
  /** The app's totals (monthly, and live when measured) and the floor's agree. */
  agrees: boolean;
  note?: string;
};

const SERVICE_KINDS = [
  "drug_alcohol_treatment",
  "mental_health",
  "housing",
  "money_advice",
  "employment",
  "family_support",
  "harm_reduction",
  "physical_health",
  "other",
];
const LEVELS = [
  "drugs",
  "alcohol",
  "mental_health",
  "housing",
  "money",
  "employment",
  "physical_health",
  "family",
  "safety",
  "justice",
];

/** Re-entry windows in days (docs/metrics.md). */
const WINDOWS = [90, 180, 365];

/** The custody centres in the filter's areas, as a hand-written query would list them. */
function centreList(db: Db, filter: MetricFilter): string {
  if (filter.areaIds === "all") return "";
  const ids = [...filter.areaIds];
  const placeholders = ids.map(() => "?").join(", ");
  const centres = db.$client
    .prepare(
      `SELECT c.id FROM custody_centres c JOIN areas la ON la.id = c.local_authority_area_id
       WHERE c.division_area_id IN (${placeholders}) OR c.local_authority_area_id IN (${placeholders}) OR la.parent_area_id IN (${placeholders})`,
    )
    .pluck()
    .all(...ids, ...ids, ...ids) as string[];
  return centres.map((id) => `'${id.replace(/'/g, "''")}'`).join(", ");
}

/**
 * UK midnight at the start of a UK calendar day, as a UTC instant: written here from the rule
 * (Europe/London is UTC or UTC+1, and the clocks change at 01:00 UTC, never at midnight), not
 * taken from the app's uk-time module, so that the comparison is independent.
 */
export function ukMidnight(day: string): string {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const ukHour = Number(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(
      new Date(utcMidnight),
    ),
  );
  return new Date(utcMidnight - ukHour * 3600_000).toISOString();
}

/**
 * SQL for the UK local date and time of a stored UTC time: British Summer Time from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October (the Sunday on or after
 * the 25th). Hand-written from the rule, independent of the app's own SQL.
 */
export function ukLocal(column: string): string {
  const year = `substr(${column}, 1, 4)`;
  return `(CASE WHEN ${column} >= date(${year} || '-03-25', 'weekday 0') || 'T01:00'
    AND ${column} < date(${year} || '-10-25', 'weekday 0') || 'T01:00'
    THEN datetime(${column}, '+1 hour') ELSE datetime(${column}) END)`;
}
const ukDay = (column: string) => `date(${ukLocal(column)})`;
const ukMonth = (column: string) => `substr(${ukLocal(column)}, 1, 7)`;

/** The fastest of `repeat` runs (at least two, so that a cold first run never stands alone; past two seconds, no more). */
function timed<T>(run: () => T, repeat: number): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < repeat && (i < Math.min(2, repeat) || best < 2000); i++) {
    const started = performance.now();
    value = run();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, value };
}

/** The figures, app against floor, for one filter. `repeat`: runs of each, the fastest kept. */
export function compareMetrics(
  db: Db,
  filter: MetricFilter,
  period: Period,
  options: { repeat?: number; live?: boolean } = {},
): { rows: FloorComparison[]; dashboardMs: number } {
  const repeat = options.repeat ?? 3;
  const raw = db.$client;
  // A period runs from UK midnight on its first day to UK midnight after its last (docs/metrics.md).
  const start = ukMidnight(filter.from);
  const endDate = new Date(`${filter.to}T00:00:00Z`);
  endDate.setUTCDate(endDate.getUTCDate() + 1);
  const end = ukMidnight(endDate.toISOString().slice(0, 10));
  const fromMonth = filter.from.slice(0, 7);
  const toMonth = filter.to.slice(0, 7);
  const asOf = (filter.now ?? new Date()).toISOString();
  const centres = centreList(db, filter);
  // Custody figures: a referral from another door (NFO, patrol, self-referral) has no centre.
  const inArea = (column: string) => (filter.areaIds === "all" ? `${column} IS NOT NULL` : `${column} IN (${centres})`);
  const byCentre = filter.breakdown === "centre";
  const key = (column: string) => (byCentre ? column : "'all'");
  const counted = "coalesce(ar.closure_reason, '') NOT IN ('recorded_in_error', 'duplicate')";
  const all = (sql: string, ...params: unknown[]) => raw.prepare(sql).all(...params) as Row[];
  /** Adds the groups up: the total a hand-written breakdown query gives with one pass. */
  const total = (rows: Row[]) => {
    const sum: Record<string, number> = {};
    for (const r of rows)
      for (const [k, v] of Object.entries(r)) if (k !== "key" && typeof v === "number") sum[k] = (sum[k] ?? 0) + v;
    return sum;
  };
  const onwardFrom = `FROM onward_referrals onr JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id JOIN services s ON s.id = onr.service_id
    WHERE onr.created_at >= ? AND onr.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")}`;
  const medianP90 = (values: string, extra = "") => `
    WITH measured AS (${values}),
    ranked AS (SELECT key, value, row_number() OVER (PARTITION BY key ORDER BY value) AS position, count(*) OVER (PARTITION BY key) AS n FROM measured WHERE value IS NOT NULL)
    SELECT key, max(n) AS n, avg(CASE WHEN position IN ((n + 1) / 2, (n + 2) / 2) THEN value END) AS median,
      max(CASE WHEN position = (9 * n + 9) / 10 THEN value END) AS p90 ${extra}
    FROM ranked GROUP BY key`;
  /** A median cannot be added up: a breakdown needs the groups' query and the total's. */
  const medianFloor = (values: (keyExpression: string) => string, extra: string, ...params: unknown[]) => {
    if (byCentre) all(medianP90(values("ar.custody_centre_id"), extra), ...params);
    return all(medianP90(values("'all'"), extra), ...params);
  };

  const minutes = "(julianday(ar.first_contact_at) - julianday(ar.created_at)) * 1440.0";
  const floors: Record<
    string,
    {
      app: (f: Figures) => unknown;
      floor: () => Row[];
      appTotal: (v: unknown) => Record<string, unknown>;
      compare?: string[];
    }
  > = {
    detentions: {
      app: (f) => f.detentions(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["detentions"]>).total,
      floor: () =>
        all(
          `SELECT ${key("custody_centre_id")} AS key, sum(detentions) AS detentions, count(*) AS centreMonths, sum(disclosed_drugs) AS disclosedDrugs,
             sum(CASE WHEN disclosed_drugs IS NOT NULL THEN detentions END) AS detentionsCountingDrugs, sum(disclosed_alcohol) AS disclosedAlcohol,
             sum(CASE WHEN disclosed_alcohol IS NOT NULL THEN detentions END) AS detentionsCountingAlcohol, sum(disclosed_mental_health) AS disclosedMentalHealth,
             sum(CASE WHEN disclosed_mental_health IS NOT NULL THEN detentions END) AS detentionsCountingMentalHealth
           FROM custody_throughput WHERE month BETWEEN ? AND ? AND ${inArea("custody_centre_id")} GROUP BY key`,
          fromMonth,
          toMonth,
        ),
    },
    "referral rate": {
      app: (f) => f.referralRate(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["referralRate"]>).total,
      floor: () => [
        ...all(
          `SELECT ${key("custody_centre_id")} AS key, sum(detentions) AS detentions FROM custody_throughput WHERE month BETWEEN ? AND ? AND ${inArea("custody_centre_id")} GROUP BY key`,
          fromMonth,
          toMonth,
        ),
        ...all(
          `SELECT ${key("ar.custody_centre_id")} AS key, count(*) AS referrals FROM arrest_referrals ar
           WHERE ar.created_at >= ? AND ar.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")} GROUP BY key`,
          start,
          end,
        ),
      ],
    },
    offers: {
      app: (f) => f.offers(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["offers"]>).total,
      floor: () =>
        all(
          `SELECT ${key("custody_centre_id")} AS key, sum(result = 'accepted') AS accepted, sum(result = 'declined') AS declined,
             sum(result = 'not_fit' AND reoffered_at IS NULL) AS notFit, sum(result = 'not_offered') AS notOffered
           FROM custody_offers WHERE recorded_at >= ? AND recorded_at < ? AND ${inArea("custody_centre_id")} GROUP BY key`,
          start,
          end,
        ),
    },
    "not taken up": {
      app: (f) => f.notTakenUpReasons(db, filter),
      appTotal: (v) => ({ count: (v as { count: number }[]).reduce((s, r) => s + r.count, 0) }),
      floor: () =>
        all(
          `SELECT count(*) AS count FROM custody_offers
           WHERE result <> 'accepted' AND NOT (result = 'not_fit' AND reoffered_at IS NOT NULL)
             AND recorded_at >= ? AND recorded_at < ? AND ${inArea("custody_centre_id")}`,
          start,
          end,
        ),
    },
    referrals: {
      app: (f) => f.referrals(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["referrals"]>).total,
      floor: () =>
        all(
          // Seen in custody or after release by the contact and release times, not by the flag.
          `SELECT ${key("ar.custody_centre_id")} AS key, count(*) AS referrals,
             sum(ar.first_contact_at IS NOT NULL AND (ce.released_at IS NULL OR ar.first_contact_at < ce.released_at)) AS seenInCustody,
             sum(ar.first_contact_at IS NOT NULL AND ce.released_at <= ar.first_contact_at) AS seenAfterRelease, sum(ar.first_contact_at IS NULL) AS notSeen
           FROM arrest_referrals ar LEFT JOIN custody_episodes ce ON ce.id = ar.custody_episode_id WHERE ar.created_at >= ? AND ar.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")} GROUP BY key`,
          start,
          end,
        ),
    },
    "time to first contact": {
      app: (f) => f.timeToFirstContact(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["timeToFirstContact"]>).total,
      compare: ["n", "median", "p90"],
      floor: () =>
        medianFloor(
          (
            k,
          ) => `SELECT ${k} AS key, CASE WHEN ${minutes} < 2880 THEN round(${minutes}) ELSE round(${minutes} / 60.0) * 60 END AS value FROM arrest_referrals ar
            WHERE ar.created_at >= ? AND ar.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")} AND ar.first_contact_at IS NOT NULL`,
          "",
          start,
          end,
        ),
    },
    "needs profile": {
      app: (f) => f.needsProfile(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["needsProfile"]>).total,
      floor: () =>
        all(
          `SELECT ${key("ar.custody_centre_id")} AS key, count(*) AS assessments, ${LEVELS.map((d) => `sum(na.${d}_level IN ('medium', 'high')) AS ${d}`).join(", ")}
           FROM needs_assessments na JOIN arrest_referrals ar ON ar.id = na.arrest_referral_id
           WHERE na.status = 'completed' AND na.completed_at >= ? AND na.completed_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")} GROUP BY key`,
          start,
          end,
        ),
    },
    "onward by kind": {
      app: (f) => f.onwardReferralsByKind(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["onwardReferralsByKind"]>).total,
      floor: () =>
        all(
          `SELECT ${key("ar.custody_centre_id")} AS key, count(*) AS sent, ${SERVICE_KINDS.map((k) => `sum(s.kind = '${k}') AS ${k}`).join(", ")} ${onwardFrom} GROUP BY key`,
          start,
          end,
        ),
    },
    "service responses": {
      app: (f) => f.serviceResponses(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["serviceResponses"]>).total,
      floor: () =>
        all(
          `SELECT ${key("ar.custody_centre_id")} AS key, count(*) AS sent,
             sum(onr.status IN ('accepted', 'in-progress', 'on-hold', 'completed', 'failed') OR (onr.status = 'cancelled' AND onr.responded_at IS NOT NULL)) AS accepted,
             sum(onr.status = 'rejected') AS declined, sum(onr.status = 'rejected' AND onr.status_reason = 'no_capacity') AS capacityDeclines,
             sum(onr.status = 'requested') AS awaitingReply, sum(onr.status = 'cancelled' AND onr.responded_at IS NULL) AS cancelledBeforeReply
           ${onwardFrom} GROUP BY key`,
          start,
          end,
        ),
    },
    "first appointments": {
      app: (f) => f.firstAppointments(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["firstAppointments"]>).total,
      floor: () =>
        all(
          `SELECT key, sum(first IS NOT NULL) AS withOutcome, sum(first = 'attended') AS attendedFirst FROM (
             SELECT ${key("ar.custody_centre_id")} AS key, (SELECT e.kind FROM outcome_events e WHERE e.onward_referral_id = onr.id AND e.kind IN ('attended', 'did_not_attend')
               ORDER BY e.occurred_on, e.recorded_at LIMIT 1) AS first ${onwardFrom}) GROUP BY key`,
          start,
          end,
        ),
    },
    engagement: {
      app: (f) => f.engagement(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["engagement"]>).total,
      floor: () =>
        all(
          `SELECT key, sum(week4 IS NOT NULL) AS checked4Weeks, sum(week4 = 'engaged') AS engaged4Weeks, sum(week12 IS NOT NULL) AS checked12Weeks,
             sum(week12 = 'engaged') AS engaged12Weeks, sum(status IN ('completed', 'failed')) AS ended, sum(status = 'completed') AS completed FROM (
             SELECT ${key("ar.custody_centre_id")} AS key, onr.status AS status,
               (SELECT json_extract(e.detail, '$.engagement') FROM outcome_events e WHERE e.onward_referral_id = onr.id AND e.kind = 'engagement_check_4_weeks' ORDER BY e.recorded_at DESC LIMIT 1) AS week4,
               (SELECT json_extract(e.detail, '$.engagement') FROM outcome_events e WHERE e.onward_referral_id = onr.id AND e.kind = 'engagement_check_12_weeks' ORDER BY e.recorded_at DESC LIMIT 1) AS week12
             ${onwardFrom}) GROUP BY key`,
          start,
          end,
        ),
    },
    "waiting times": {
      app: (f) => f.waitingTimes(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["waitingTimes"]>).total,
      compare: ["n", "median", "p90", "withinStandard"],
      floor: () =>
        medianFloor(
          (
            k,
          ) => `SELECT ${k} AS key, julianday(${ukDay("onr.first_attended_at")}) - julianday(${ukDay("onr.created_at")}) AS value ${onwardFrom}
               AND onr.first_attended_at IS NOT NULL`,
          ", sum(value <= 21) AS withinStandard",
          start,
          end,
        ),
    },
    "feedback completeness": {
      app: (f) => f.feedbackCompleteness(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["feedbackCompleteness"]>).total,
      floor: () =>
        all(
          `SELECT ${key("ar.custody_centre_id")} AS key, count(*) AS due,
             sum(EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id AND julianday(e.recorded_at) <= julianday(onr.created_at) + 28)) AS reported
           ${onwardFrom} AND onr.created_at <= ? GROUP BY key`,
          start,
          end,
          new Date((filter.now ?? new Date()).getTime() - 28 * 86400_000).toISOString(),
        ),
    },
    "re-entry": {
      app: (f) => f.reEntry(db, filter),
      appTotal: (v) => (v as ReturnType<Figures["reEntry"]>).total,
      compare: WINDOWS.flatMap((d) =>
        ["engaged", "notEngaged"].flatMap((split) => [`${split}Referrals${d}`, `${split}Reentered${d}`]),
      ),
      // People, not referrals (decision 025): a referral starts a person's window only when no
      // other counted referral of theirs (any centre, any door) came in the window's length before
      // it. Engaged means engaged before the UK day they were next booked into custody.
      floor: () =>
        all(
          `WITH referred AS MATERIALIZED (
             SELECT ${key("ar.custody_centre_id")} AS key, ar.created_at AS referredAt, ar.id AS referralId,
               (SELECT min(later.arrived_at) FROM custody_episodes later WHERE later.person_id = ar.person_id AND later.arrived_at > ce.arrived_at) AS nextArrival,
               ${WINDOWS.map(
                 (
                   d,
                 ) => `NOT EXISTS (SELECT 1 FROM arrest_referrals prev WHERE prev.person_id = ar.person_id AND prev.id <> ar.id
                   AND coalesce(prev.closure_reason, '') NOT IN ('recorded_in_error', 'duplicate')
                   AND (prev.created_at < ar.created_at OR (prev.created_at = ar.created_at AND prev.id < ar.id))
                   AND julianday(ar.created_at) - julianday(prev.created_at) <= ${d}) AS starts${d}`,
               ).join(",\n               ")}
             FROM arrest_referrals ar JOIN custody_episodes ce ON ce.id = ar.custody_episode_id
             WHERE ar.created_at >= ? AND ar.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")}),
           judged AS MATERIALIZED (
             SELECT r.*, EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = r.referralId AND (
                 (r.nextArrival IS NULL AND (onr.first_attended_at IS NOT NULL OR onr.status IN ('in-progress', 'completed')
                   OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id
                     AND e.kind IN ('engagement_check_4_weeks', 'engagement_check_12_weeks') AND json_extract(e.detail, '$.engagement') = 'engaged')))
                 OR (r.nextArrival IS NOT NULL AND (${ukDay("onr.first_attended_at")} < ${ukDay("r.nextArrival")}
                   OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id
                     AND e.kind IN ('engagement_check_4_weeks', 'engagement_check_12_weeks') AND json_extract(e.detail, '$.engagement') = 'engaged'
                     AND e.occurred_on < ${ukDay("r.nextArrival")}))))) AS engaged
             FROM referred r)
           SELECT key, ${WINDOWS.flatMap((d) =>
             [
               ["engaged", "engaged"],
               ["notEngaged", "NOT engaged"],
             ].map(([split, who]) => {
               const counts = `${who} AND starts${d} AND julianday(referredAt) + ${d} <= julianday(?)`;
               return `sum(${counts}) AS ${split}Referrals${d}, sum(${counts} AND julianday(nextArrival) <= julianday(referredAt) + ${d}) AS ${split}Reentered${d}`;
             }),
           ).join(", ")}
           FROM judged GROUP BY key`,
          start,
          end,
          ...WINDOWS.flatMap(() => [asOf, asOf, asOf, asOf]),
        ),
    },
    funnel: {
      app: (f) => f.funnel(db, filter),
      appTotal: (v) => v as Record<string, unknown>,
      compare: ["referrals", "assessed", "referredOn", "attended", "engaged12Weeks"],
      floor: () =>
        all(
          // Each step counts only those who passed every step before it; engaged at 12 weeks by the
          // latest 12-week check, as in the engagement table.
          `SELECT count(*) AS referrals, sum(a) AS assessed, sum(a AND o) AS referredOn, sum(a AND o AND t) AS attended,
             sum(a AND o AND t AND e) AS engaged12Weeks FROM (
           SELECT EXISTS (SELECT 1 FROM needs_assessments na WHERE na.arrest_referral_id = ar.id AND na.status = 'completed') AS a,
             EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id) AS o,
             EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id AND (onr.first_attended_at IS NOT NULL
               OR EXISTS (SELECT 1 FROM outcome_events e WHERE e.onward_referral_id = onr.id AND e.kind = 'attended'))) AS t,
             EXISTS (SELECT 1 FROM onward_referrals onr WHERE onr.arrest_referral_id = ar.id
               AND (SELECT json_extract(e.detail, '$.engagement') FROM outcome_events e WHERE e.onward_referral_id = onr.id
                 AND e.kind = 'engagement_check_12_weeks' ORDER BY e.recorded_at DESC LIMIT 1) = 'engaged') AS e
           FROM arrest_referrals ar WHERE ar.created_at >= ? AND ar.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")})`,
          start,
          end,
        ),
    },
    "monthly trend": {
      app: (f) => f.monthlyTrend(db, { areaIds: filter.areaIds, fromMonth, toMonth }),
      appTotal: (v) => ({ referrals: (v as { referrals: number }[]).reduce((s, m) => s + m.referrals, 0) }),
      compare: ["referrals"],
      floor: () => {
        const from = ukMidnight(`${fromMonth}-01`);
        const to = ukMidnight(`${addMonths(toMonth, 1)}-01`);
        all(
          `SELECT month AS key, sum(detentions) AS detentions FROM custody_throughput WHERE month BETWEEN ? AND ? AND ${inArea("custody_centre_id")} GROUP BY key`,
          fromMonth,
          toMonth,
        );
        all(
          `SELECT ${ukMonth("recorded_at")} AS key, count(*) AS offers FROM custody_offers WHERE recorded_at >= ? AND recorded_at < ?
             AND (result IN ('accepted', 'declined') OR (result = 'not_fit' AND reoffered_at IS NULL)) AND ${inArea("custody_centre_id")} GROUP BY key`,
          from,
          to,
        );
        all(
          `SELECT ${ukMonth("onr.created_at")} AS key, count(*) AS onward FROM onward_referrals onr JOIN arrest_referrals ar ON ar.id = onr.arrest_referral_id
           WHERE onr.created_at >= ? AND onr.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")} GROUP BY key`,
          from,
          to,
        );
        return all(
          `SELECT ${ukMonth("ar.created_at")} AS key, count(*) AS referrals FROM arrest_referrals ar
           WHERE ar.created_at >= ? AND ar.created_at < ? AND ${counted} AND ${inArea("ar.custody_centre_id")} GROUP BY key`,
          from,
          to,
        );
      },
    },
  };

  const rows: FloorComparison[] = [];
  const agree = (appTotal: Record<string, unknown>, floorTotal: Record<string, number>, keys: string[]) =>
    keys.every((k) => {
      const a = Number(appTotal[k] ?? 0);
      const b = Number(floorTotal[k] ?? 0);
      return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    });
  for (const [metric, f] of Object.entries(floors)) {
    const app = timed(() => f.app(monthlyFigures), repeat);
    // The live figures over national scopes take minutes: one run each.
    const live = options.live ? timed(() => f.app(liveFigures), 1) : null;
    const floor = timed(f.floor, repeat);
    const floorTotal = total(floor.value);
    const keys = f.compare ?? Object.keys(floorTotal);
    const agrees =
      agree(f.appTotal(app.value), floorTotal, keys) && (!live || agree(f.appTotal(live.value), floorTotal, keys));
    rows.push({
      metric,
      appMs: app.ms,
      liveMs: live?.ms ?? null,
      floorMs: floor.ms,
      ratio: app.ms / Math.max(floor.ms, 0.001),
      agrees,
    });
  }
  const dashboard = timed(() => buildDashboard(db, { filter, period }), Math.min(repeat, 2));
  return { rows, dashboardMs: dashboard.ms };
}
