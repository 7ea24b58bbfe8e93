// The commissioners' dashboard: every figure as a table with its plain-language definition,
// put through disclosure control. The page, the printable report and the CSV exports all come
// from here, so they cannot disagree.
import type { Db } from "#db/connection";
import { SERVICE_KINDS, type NeedDomain } from "#db/schema";
import { needLabels } from "../custody";
import { NOT_OFFERED_REASONS } from "../custody";
import { serviceKindLabels } from "../onward-referral-states";
import { levelColumns } from "./assessments.server";
import { discloseTable, type ColumnSpec, type FigureTable, type RawRow, type TableSpec } from "./figure-table";
import { monthlyFiguresForOneRead, type Figures } from "./figures.server";
import { breakdownLabels, type MetricFilter } from "./filter";
import { headlinesSpec, overdueFeedbackSpec } from "./headlines.server";
import { FEEDBACK_DAYS, WAITING_STANDARD_DAYS } from "./onward-referrals.server";
import { formatShortMonth, trendMonths, type Period } from "./period";
import { RE_ENTRY_WINDOWS, type ReEntryWindow } from "./re-entry.server";
import { referralSourcesSpec } from "./referral-sources.server";
import { breakdownGroups, NO_PROVIDER_LABEL, type Grouped } from "./scope.server";

export type DashboardInput = { filter: MetricFilter; period: Period };

type Groups = { key: string; label: string }[];
type Builder = (db: Db, input: DashboardInput, groups: Groups, f: Figures) => TableSpec;

const TOTAL_LABEL = "All selected areas";

const count = (key: string, label: string, definition: string, hiddenOnPage = false): ColumnSpec => ({
  key,
  label,
  definition,
  kind: "count",
  hiddenOnPage,
});
const rate = (
  key: string,
  label: string,
  definition: string,
  numerator: string,
  denominator: string | string[],
): ColumnSpec => ({
  key,
  label,
  definition,
  kind: "rate",
  numerator,
  denominator,
});

/** Rows for each group of the breakdown (0 where a group has nothing) and the total row. */
function rowsOf<V extends Record<string, number | null>>(result: Grouped<V>, groups: Groups, input: DashboardInput) {
  const { breakdown } = input.filter;
  const label = (key: string, fallback: string) =>
    breakdown === "service_kind"
      ? (serviceKindLabels[key as keyof typeof serviceKindLabels] ?? fallback)
      : key === "none"
        ? NO_PROVIDER_LABEL
        : fallback;
  const byKey = new Map(result.rows.map(({ key, label: _label, ...values }) => [key, values]));
  const keys = new Map<string, string>(groups.map((g) => [g.key, g.label]));
  for (const r of result.rows) if (!keys.has(r.key)) keys.set(r.key, r.label);
  const zero = Object.fromEntries(Object.keys(result.total).map((k) => [k, 0]));
  const rows: RawRow[] = result.isBrokenDown
    ? [...keys]
        .map(([key, fallback]) => ({
          key,
          label: label(key, fallback),
          values: { ...zero, ...(byKey.get(key) ?? {}) } as Record<string, number | null>,
        }))
        .sort((a, b) => a.label.localeCompare(b.label))
    : [];
  const note =
    !result.isBrokenDown && breakdown !== "none"
      ? `This figure has no breakdown by ${breakdownLabels[breakdown].toLowerCase()}, so only the total is shown.`
      : undefined;
  return {
    rows,
    total: { key: "total", label: TOTAL_LABEL, values: result.total as Record<string, number | null> },
    note,
  };
}

const rowHeading = (input: DashboardInput) =>
  input.filter.breakdown === "none" ? "Areas" : breakdownLabels[input.filter.breakdown];

const disclosedNeeds = [
  { key: "Drugs", label: "drug problems" },
  { key: "Alcohol", label: "alcohol problems" },
  { key: "MentalHealth", label: "mental-health problems" },
] as const;

/** Offers made: accepted, declined and not fit to consent, with their cell keys added too. */
const offersMade = (r: {
  accepted: number;
  declined: number;
  notFit: number;
  accepted_key: number;
  declined_key: number;
  notFit_key: number;
}) => ({
  offersMade: r.accepted + r.declined + r.notFit,
  offersMade_key: r.accepted_key + r.declined_key + r.notFit_key,
});

const builders = {
  headlines: (db, input, _groups, f) => headlinesSpec(db, input.filter, input.period, f),
  "overdue-feedback": (db, input) => overdueFeedbackSpec(db, input.filter),
  "referral-sources": (db, input, _groups, f) => referralSourcesSpec(db, input.filter, f),

  detentions: (db, input, groups, f) => ({
    id: "detentions",
    title: "Detentions and disclosed need",
    definition:
      "People detained in police custody in the period, from the monthly custody throughput figures, and how many of them told custody staff about a drug, alcohol or mental-health problem.",
    rowHeading: rowHeading(input),
    columns: [
      count(
        "detentions",
        "Detentions",
        "People booked into custody in the period's months, as reported by the police.",
      ),
      ...disclosedNeeds.flatMap(({ key, label }) => [
        count(`disclosed${key}`, `Disclosed ${label}`, `Detained people who disclosed ${label} at booking.`),
        count(
          `detentionsCounting${key}`,
          `Detentions where ${label} were counted`,
          `Detentions in the months for which the centre reported disclosed ${label}.`,
          true,
        ),
        rate(
          `share${key}`,
          `Share disclosing ${label}`,
          `Disclosed ${label} ÷ detentions in the months where they were counted.`,
          `disclosed${key}`,
          `detentionsCounting${key}`,
        ),
      ]),
    ],
    ...rowsOf(f.detentions(db, input.filter), groups, input),
  }),

  "referral-rate": (db, input, groups, f) => ({
    id: "referral-rate",
    title: "Referral rate",
    definition:
      "Arrest referrals made for every 100 people detained. Compare it with the shares disclosing drug, alcohol and mental-health problems above: the gap is the need custody does not yet reach.",
    rowHeading: rowHeading(input),
    columns: [
      count("detentions", "Detentions", "People booked into custody in the period's months."),
      count(
        "referrals",
        "Referrals",
        "Arrest referrals made in the period (not counting ones cancelled as made in error, or duplicates).",
      ),
      rate("referralRate", "Referral rate", "Referrals ÷ detentions.", "referrals", "detentions"),
    ],
    ...rowsOf(f.referralRate(db, input.filter), groups, input),
  }),

  offers: (db, input, groups, f) => {
    const result = f.offers(db, input.filter);
    const withMade = {
      ...result,
      rows: result.rows.map((r) => ({ ...r, ...offersMade(r) })),
      total: { ...result.total, ...offersMade(result.total) },
    };
    return {
      id: "offers",
      title: "Offers and consent",
      definition:
        "Offers of arrest referral made by custody staff at booking, and what the person said. An offer made when the person was not fit to consent and then made again counts once, by its later answer.",
      rowHeading: rowHeading(input),
      columns: [
        count("offersMade", "Offers made", "Accepted, declined and not fit to consent, added together."),
        count("accepted", "Accepted", "The person agreed to see an arrest referral worker."),
        count("declined", "Declined", "The person said no. A declined offer holds no personal data and no reason."),
        count(
          "notFit",
          "Not fit to consent",
          "The person could not consent at the time (for example intoxicated) and was not offered it again.",
        ),
        rate("consentRate", "Consent rate", "Accepted ÷ offers made.", "accepted", "offersMade"),
        count(
          "notOffered",
          "Not offered",
          "Bookings where custody staff recorded that arrest referral was not offered, with a reason.",
        ),
      ],
      ...rowsOf(withMade, groups, input),
    };
  },

  "not-taken-up": (db, input, _groups, f) => {
    const reasons = f.notTakenUpReasons(db, input.filter);
    const labels: Record<string, string> = {
      declined: "Declined",
      not_fit: "Not fit to consent",
      ...Object.fromEntries(
        Object.entries(NOT_OFFERED_REASONS).map(([k, v]) => [
          `not_offered:${k}`,
          `Not offered: ${v.replace(/ \(say why\)$/, "")}`,
        ]),
      ),
    };
    const order = Object.keys(labels);
    const byReason = new Map(reasons.map((r) => [r.reason, r]));
    for (const r of reasons) if (!labels[r.reason]) order.push(r.reason);
    return {
      id: "not-taken-up",
      title: "Why arrest referral was not taken up",
      definition:
        "Declined offers, offers the person was not fit to consent to, and bookings where arrest referral was not offered, by the reason custody staff recorded. People who decline are not asked why.",
      rowHeading: "Reason",
      columns: [count("count", "Bookings", "Bookings in the period with this outcome.")],
      rows: order.map((reason) => ({
        key: reason,
        label: labels[reason] ?? reason,
        values: { count: byReason.get(reason)?.count ?? 0, count_key: byReason.get(reason)?.count_key ?? 0 },
      })),
      total: {
        key: "total",
        label: "All not taken up",
        values: {
          count: reasons.reduce((s, r) => s + r.count, 0),
          count_key: reasons.reduce((s, r) => s + r.count_key, 0),
        },
      },
      note: input.filter.breakdown === "none" ? undefined : "Reasons are shown for all the selected areas together.",
    };
  },

  referrals: (db, input, groups, f) => ({
    id: "referrals",
    title: "Seen in custody or after release",
    definition:
      "Arrest referrals made in the period, and whether a worker first met or spoke with the person while they were still in custody, only after release (community follow-up), or not yet.",
    rowHeading: rowHeading(input),
    columns: [
      count("referrals", "Referrals", "Arrest referrals made in the period."),
      count(
        "seenInCustody",
        "Seen in custody",
        "The first worker contact was before the release time recorded for the custody episode (or no release is recorded).",
      ),
      count(
        "seenAfterRelease",
        "Seen after release",
        "The release time recorded is at or before the first worker contact: the person was reached after release.",
      ),
      count("notSeen", "Not seen yet", "No worker contact recorded yet (still waiting, or not reached after release)."),
      rate("seenInCustodyRate", "Share seen in custody", "Seen in custody ÷ referrals.", "seenInCustody", "referrals"),
    ],
    ...rowsOf(f.referrals(db, input.filter), groups, input),
  }),

  "first-contact": (db, input, groups, f) => ({
    id: "first-contact",
    title: "Time from referral to first worker contact",
    definition:
      "How long people waited from the referral being made to a worker first meeting or speaking with them, for referrals made in the period where that has happened, to the nearest minute (to the nearest hour for waits over two days). Half waited less than the median; nine in ten waited less than the 90th percentile.",
    rowHeading: rowHeading(input),
    columns: [
      count("n", "People seen", "Referrals made in the period with a first worker contact recorded."),
      {
        key: "median",
        label: "Median wait",
        definition: "The middle wait: half waited less, half more.",
        kind: "statistic",
        basis: "n",
        unit: "minutes",
      },
      {
        key: "p90",
        label: "90th percentile wait",
        definition: "Nine in ten waited this long or less.",
        kind: "statistic",
        basis: "n",
        unit: "minutes",
      },
    ],
    ...rowsOf(f.timeToFirstContact(db, input.filter), groups, input),
  }),

  "needs-profile": (db, input, groups, f) => {
    const domains = Object.keys(levelColumns) as NeedDomain[];
    return {
      id: "needs-profile",
      title: "Needs profile",
      definition:
        "Of the needs assessments completed in the period, the share that rated each need at medium or high. A person can have several needs, so the shares add up to more than 100%.",
      rowHeading: rowHeading(input),
      columns: [
        count("assessments", "Assessments", "Needs assessments completed in the period (the current version of each)."),
        ...domains.flatMap((d) => [
          count(
            d,
            `${needLabels[d]}: medium or high`,
            `Assessments rating ${needLabels[d].toLowerCase()} at medium or high.`,
            true,
          ),
          rate(
            `${d}Share`,
            needLabels[d],
            `Assessments rating ${needLabels[d].toLowerCase()} at medium or high ÷ assessments.`,
            d,
            "assessments",
          ),
        ]),
      ],
      ...rowsOf(f.needsProfile(db, input.filter), groups, input),
    };
  },

  "onward-by-kind": (db, input, groups, f) => {
    const result = f.onwardReferralsByKind(db, input.filter);
    const kinds = SERVICE_KINDS.filter((k) => result.total[k] > 0);
    const byKind = input.filter.breakdown !== "service_kind";
    return {
      id: "onward-by-kind",
      title: "Onward referrals by kind of service",
      definition: "Referrals that arrest referral workers sent on to services in the period, by the kind of service.",
      rowHeading: rowHeading(input),
      columns: [
        count("sent", "Onward referrals", "Onward referrals sent to any service in the period."),
        ...(byKind
          ? kinds.map((k) =>
              count(
                k,
                serviceKindLabels[k],
                `Onward referrals sent to ${serviceKindLabels[k].toLowerCase()} services.`,
              ),
            )
          : []),
      ],
      ...rowsOf(result, groups, input),
    };
  },

  "service-responses": (db, input, groups, f) => ({
    id: "service-responses",
    title: "How services answered, and declines for lack of capacity",
    definition:
      "Of the onward referrals sent in the period, how many the service accepted, declined or has not yet answered. Declines for lack of capacity are unmet demand: people referred to a service that had no room.",
    rowHeading: rowHeading(input),
    columns: [
      count("sent", "Onward referrals", "Onward referrals sent in the period."),
      count("accepted", "Accepted", "The service accepted the referral (whatever happened afterwards)."),
      count("declined", "Declined", "The service declined the referral, for any reason."),
      count("awaitingReply", "Waiting for an answer", "The service has not yet accepted or declined."),
      count(
        "cancelledBeforeReply",
        "Cancelled before an answer",
        "Withdrawn by the referrer, or by the person withdrawing consent, before the service answered.",
      ),
      rate("acceptanceRate", "Acceptance rate", "Accepted ÷ (accepted + declined).", "accepted", [
        "accepted",
        "declined",
      ]),
      count(
        "capacityDeclines",
        "Declined for lack of capacity",
        "Declined with the reason that the service had no capacity.",
      ),
      rate(
        "capacityShare",
        "Share of declines for lack of capacity",
        "Declined for lack of capacity ÷ declined.",
        "capacityDeclines",
        "declined",
      ),
    ],
    ...rowsOf(f.serviceResponses(db, input.filter), groups, input),
  }),

  "first-appointments": (db, input, groups, f) => ({
    id: "first-appointments",
    title: "First-appointment attendance",
    definition:
      "Of the onward referrals sent in the period where the service has reported how a first appointment went, the share where the person attended it.",
    rowHeading: rowHeading(input),
    columns: [
      count(
        "withOutcome",
        "First appointments reported",
        "Onward referrals with an appointment reported as attended or not attended.",
      ),
      count("attendedFirst", "Attended", "The first appointment reported was attended."),
      rate(
        "attendanceRate",
        "Attendance rate",
        "Attended ÷ first appointments reported.",
        "attendedFirst",
        "withOutcome",
      ),
      count(
        "missedFirst",
        "Missed first appointment",
        "The first appointment reported was not attended. A missed appointment does not end a wait for treatment.",
      ),
    ],
    ...rowsOf(f.firstAppointments(db, input.filter), groups, input),
  }),

  engagement: (db, input, groups, f) => ({
    id: "engagement",
    title: "Engagement at 4 and 12 weeks, and completion",
    definition:
      "For onward referrals sent in the period: what services reported at the 4-week and 12-week engagement checks (the latest report of each), and how the referrals that have ended ended.",
    rowHeading: rowHeading(input),
    columns: [
      count("checked4Weeks", "4-week checks reported", "Onward referrals with a 4-week engagement check reported."),
      count(
        "engaged4Weeks",
        "Engaged at 4 weeks",
        "The 4-week check said the person was engaged (not partly, not disengaged).",
      ),
      rate(
        "engaged4WeeksRate",
        "Engaged at 4 weeks (share)",
        "Engaged at 4 weeks ÷ 4-week checks reported.",
        "engaged4Weeks",
        "checked4Weeks",
      ),
      count("checked12Weeks", "12-week checks reported", "Onward referrals with a 12-week engagement check reported."),
      count("engaged12Weeks", "Engaged at 12 weeks", "The 12-week check said the person was engaged."),
      rate(
        "engaged12WeeksRate",
        "Engaged at 12 weeks (share)",
        "Engaged at 12 weeks ÷ 12-week checks reported.",
        "engaged12Weeks",
        "checked12Weeks",
      ),
      count(
        "ended",
        "Ended (any reason, including moved away or back in custody)",
        "Onward referrals that have ended for any reason: completed or transferred on, disengaged, or ended because the person moved away, was back in custody or prison, or died.",
      ),
      count("completed", "Completed", "Ended as completed, or transferred to another service."),
      count("disengaged", "Disengaged", "Ended because the person stopped engaging with the service."),
      count(
        "endedOtherwise",
        "Moved away, back in custody or died",
        "Ended for a reason that is neither completing nor disengaging: the person moved away, was back in custody or prison, or died.",
      ),
      rate(
        "completionRate",
        "Completion rate",
        "Completed ÷ ended for any reason (moving away, custody and death count as not completed).",
        "completed",
        "ended",
      ),
    ],
    ...rowsOf(f.engagement(db, input.filter), groups, input),
  }),

  "waiting-times": (db, input, groups, f) => ({
    id: "waiting-times",
    title: "Waiting time to treatment",
    definition: `Whole UK calendar days from the day the onward referral was sent to the day the person first attended (treatment started), for referrals sent in the period where they have attended. A missed first appointment does not end the wait: missed first appointments are shown in the first-appointment table. Scotland's standard is that 90% of people start treatment within three weeks (${WAITING_STANDARD_DAYS} days).`,
    rowHeading: rowHeading(input),
    columns: [
      count("n", "Waits ended in attendance", "Onward referrals sent in the period where the person has attended."),
      {
        key: "median",
        label: "Median wait",
        definition: "The middle wait, in days.",
        kind: "statistic",
        basis: "n",
        unit: "days",
      },
      {
        key: "p90",
        label: "90th percentile wait",
        definition: "Nine in ten waited this many days or fewer.",
        kind: "statistic",
        basis: "n",
        unit: "days",
      },
      count(
        "withinStandard",
        `Within ${WAITING_STANDARD_DAYS} days`,
        `First attended ${WAITING_STANDARD_DAYS} days or fewer after the referral.`,
      ),
      rate(
        "withinStandardRate",
        `Share within ${WAITING_STANDARD_DAYS} days`,
        `Within ${WAITING_STANDARD_DAYS} days ÷ waits ended in attendance (the standard is 90%).`,
        "withinStandard",
        "n",
      ),
    ],
    ...rowsOf(f.waitingTimes(db, input.filter), groups, input),
  }),

  feedback: (db, input, groups, f) => ({
    id: "feedback",
    title: "Feedback completeness",
    definition: `Whether services report back. Of the onward referrals sent in the period at least ${FEEDBACK_DAYS} days ago, the share where the service reported any outcome (accepted, declined, an appointment…) within ${FEEDBACK_DAYS} days of receiving it. Measured by when the report reached Pathway, not by the date the outcome happened: a late report of an early appointment counts as late.`,
    rowHeading: rowHeading(input),
    columns: [
      count(
        "due",
        `Sent at least ${FEEDBACK_DAYS} days ago`,
        `Onward referrals sent in the period, ${FEEDBACK_DAYS} or more days before today.`,
      ),
      count(
        "reported",
        `Outcome reported within ${FEEDBACK_DAYS} days`,
        `The service reported an outcome within ${FEEDBACK_DAYS} days.`,
      ),
      rate(
        "completeness",
        "Feedback completeness",
        `Outcome reported within ${FEEDBACK_DAYS} days ÷ sent at least ${FEEDBACK_DAYS} days ago.`,
        "reported",
        "due",
      ),
    ],
    ...rowsOf(f.feedbackCompleteness(db, input.filter), groups, input),
  }),

  ...(Object.fromEntries(RE_ENTRY_WINDOWS.map((days) => [`re-entry-${days}`, reEntryBuilder(days)])) as Record<
    `re-entry-${ReEntryWindow}`,
    Builder
  >),
} satisfies Record<string, Builder>;

// The three windows come from one query; each build asks for it once. A build is known by its
// groups (breakdownGroups reads them afresh for each), not by its input, which a caller may reuse
// after the records have changed.
const reEntryRuns = new WeakMap<Groups, Map<Figures, ReturnType<Figures["reEntry"]>>>();
function reEntryOnce(db: Db, input: DashboardInput, groups: Groups, f: Figures) {
  const runs = reEntryRuns.get(groups) ?? new Map<Figures, ReturnType<Figures["reEntry"]>>();
  reEntryRuns.set(groups, runs);
  const result = runs.get(f) ?? f.reEntry(db, input.filter);
  runs.set(f, result);
  return result;
}

function reEntryBuilder(days: ReEntryWindow): Builder {
  return (db, input, groups, f) => ({
    id: `re-entry-${days}`,
    title: `Re-entry to custody within ${days} days`,
    definition: `Of the people referred in the period whose ${days} days have fully passed, how many were detained again (at any custody centre using Pathway) within ${days} days of their referral, split by whether they engaged with a service before coming back: attended a service, or an engagement check said they were engaged, before the UK day of their next detention. It counts people, not referrals: a person is counted once for each ${days}-day window, so the referral made when they came back does not count them again. A return is seen only when the person is booked into a custody centre that uses Pathway: someone detained anywhere else counts as not back. A window counts from the UK day after the one it ends on (a referral on 1 March counts in the 90-day figure from 31 May), so the figure never counts a window that is still open, and is the same all day.`,
    rowHeading: rowHeading(input),
    columns: [
      count(
        `engagedReferrals${days}`,
        "Engaged: people referred",
        `People referred more than ${days} days ago who engaged with a service before any return to custody.`,
      ),
      count(`engagedReentered${days}`, "Engaged: back in custody", `Of those, detained again within ${days} days.`),
      rate(
        `engagedRate${days}`,
        "Engaged: re-entry rate",
        "Back in custody ÷ people referred, for those who engaged.",
        `engagedReentered${days}`,
        `engagedReferrals${days}`,
      ),
      count(
        `notEngagedReferrals${days}`,
        "Did not engage: people referred",
        `People referred more than ${days} days ago who had not engaged with a service before any return to custody.`,
      ),
      count(
        `notEngagedReentered${days}`,
        "Did not engage: back in custody",
        `Of those, detained again within ${days} days.`,
      ),
      rate(
        `notEngagedRate${days}`,
        "Did not engage: re-entry rate",
        "Back in custody ÷ people referred, for those who did not engage.",
        `notEngagedReentered${days}`,
        `notEngagedReferrals${days}`,
      ),
    ],
    ...rowsOf(reEntryOnce(db, input, groups, f), groups, input),
  });
}

export type TableId = keyof typeof builders;
export const TABLE_IDS = Object.keys(builders) as TableId[];
/** Every table a commissioner can download: the dashboard's, the funnel and the trend. */
export const EXPORT_TABLE_IDS = [...TABLE_IDS, "funnel", "trend"] as const;
export type ExportTableId = TableId | "funnel" | "trend";
export const isTableId = (id: string): id is ExportTableId => (EXPORT_TABLE_IDS as readonly string[]).includes(id);

/** The funnel: each stage's count, perturbed like every count. */
function funnelSpec(db: Db, input: DashboardInput, f: Figures): TableSpec {
  const stages = f.funnel(db, { ...input.filter, breakdown: "none" });
  const rows: [keyof typeof stages, string][] = [
    ["referrals", "Referred"],
    ["assessed", "Assessed"],
    ["referredOn", "Assessed and referred on to a service"],
    ["attended", "Attended a service"],
    ["engaged12Weeks", "Engaged at 12 weeks"],
  ];
  return {
    id: "funnel",
    title: "From referral to engagement",
    definition:
      "The people referred in the period, followed along the pathway: how many were assessed, then referred on to a service, then attended one, then were engaged at the 12-week check (the latest report of it, as in the engagement table). Each step counts only people who passed every step before it, so each bar is a part of the one above, and shows its share of it. Detentions, disclosed need and offers are counts of different people, from custody: they are shown beside the funnel, not in it.",
    rowHeading: "Stage",
    columns: [count("count", "People", "People at this stage.")],
    rows: rows.map(([key, label]) => ({
      key,
      label,
      values: { count: stages[key], count_key: stages[`${key}_key` as keyof typeof stages] },
    })),
    total: null,
  };
}

/** Month by month, over the period and at least the 12 months to its end. */
function trendSpec(db: Db, input: DashboardInput, f: Figures): TableSpec {
  const months = trendMonths(input.period);
  const counts = f.monthlyTrend(db, { areaIds: input.filter.areaIds, ...months });
  const sum = (key: "detentions" | "offersMade" | "referrals" | "onwardReferrals") => ({
    [key]: counts.reduce((s, m) => s + m[key], 0),
    [`${key}_key`]: counts.reduce((s, m) => s + m[`${key}_key`], 0),
  });
  return {
    id: "trend",
    title: "Month by month",
    definition: `Detentions, offers made, referrals and onward referrals in each month from ${formatShortMonth(months.fromMonth)} to ${formatShortMonth(months.toMonth)}, and the referral rate (referrals ÷ detentions).`,
    rowHeading: "Month",
    columns: [
      count("detentions", "Detentions", "People booked into custody in the month."),
      count("offersMade", "Offers made", "Offers of arrest referral accepted, declined or not fit to consent."),
      count("referrals", "Referrals", "Arrest referrals made in the month."),
      rate("referralRate", "Referral rate", "Referrals ÷ detentions.", "referrals", "detentions"),
      count("onwardReferrals", "Onward referrals", "Onward referrals sent to services in the month."),
    ],
    rows: counts.map((m) => ({
      key: m.month,
      label: formatShortMonth(m.month),
      values: { ...m } as unknown as Record<string, number>,
    })),
    total: {
      key: "total",
      label: "Total",
      values: { ...sum("detentions"), ...sum("offersMade"), ...sum("referrals"), ...sum("onwardReferrals") },
    },
  };
}

/** One table, disclosed: what a CSV export holds. */
export function figureTable(
  db: Db,
  id: ExportTableId,
  input: DashboardInput,
  f: Figures = monthlyFiguresForOneRead(),
): FigureTable {
  if (id === "funnel") return discloseTable(funnelSpec(db, input, f));
  if (id === "trend") return discloseTable(trendSpec(db, input, f));
  return discloseTable(builders[id](db, input, breakdownGroups(db, input.filter), f));
}

export type Dashboard = {
  funnel: FigureTable;
  trend: FigureTable;
  tables: Record<TableId, FigureTable>;
  /** Milliseconds spent on the figures, for the Server-Timing header. */
  elapsedMs: number;
};

/**
 * How much of each breakdown a page shows: its first rows, except for one table shown whole. The
 * rows are cut before they are disclosed (discloseTable): a national breakdown by centre has
 * thousands of cells the page does not show.
 */
export type PageRows = { first: number; allOf?: string | null };

/**
 * The dashboard; from the monthly figures unless told to read the records live; with `rows`, each
 * long breakdown cut for the page.
 */
export function buildDashboard(
  db: Db,
  input: DashboardInput,
  f: Figures = monthlyFiguresForOneRead(),
  rows?: PageRows,
): Dashboard {
  const started = performance.now();
  const groups = breakdownGroups(db, input.filter);
  const firstRows = (id: TableId) => (rows && id !== rows.allOf ? rows.first : undefined);
  const tables = Object.fromEntries(
    TABLE_IDS.map((id) => [id, discloseTable(builders[id](db, input, groups, f), firstRows(id))]),
  ) as Record<TableId, FigureTable>;
  return {
    funnel: discloseTable(funnelSpec(db, input, f)),
    trend: discloseTable(trendSpec(db, input, f)),
    tables,
    elapsedMs: performance.now() - started,
  };
}
