// The first screen: the answers a commissioner looks for, each for the period, the previous
// period of the same length and the same months a year before; and the feedback services owe
// now, by service. Both are tables like every other (counts with cell keys, then the disclosure
// rule), so a headline is the same protected number as the table it comes from.
import type { Db } from "#db/connection";
import { WAITING_STANDARD_DAYS } from "./onward-referrals.server";
import { overdueByService } from "./open-onward.server";
import { addMonths, formatMonth, lastDayOf, monthsBetween, type Period } from "./period";
import type { ColumnSpec, RawRow, TableSpec } from "./figure-table";
import type { Figures } from "./figures.server";
import type { MetricFilter } from "./filter";

/** The inspection's reference for arrest referrals: about 1 for every 100 people detained. */
export const INSPECTION_REFERRAL_RATE = 0.01;
export const WAITING_STANDARD_SHARE = 0.9;

export type ComparedPeriod = { key: "current" | "previous" | "yearBefore"; label: string; from: string; to: string };

const periodLabel = (fromMonth: string, toMonth: string) =>
  fromMonth === toMonth ? formatMonth(fromMonth) : `${formatMonth(fromMonth)} to ${formatMonth(toMonth)}`;

/**
 * The period, the one of the same length just before it, and the same months a year before.
 * For a period of 12 months the last two are the same, and shown once.
 */
export function comparedPeriods(period: Period): ComparedPeriod[] {
  const length = monthsBetween(period.fromMonth, period.toMonth).length;
  const shifted = (key: ComparedPeriod["key"], by: number, label: (range: string) => string): ComparedPeriod => {
    const fromMonth = addMonths(period.fromMonth, -by);
    const toMonth = addMonths(period.toMonth, -by);
    return { key, label: label(periodLabel(fromMonth, toMonth)), from: `${fromMonth}-01`, to: lastDayOf(toMonth) };
  };
  const current: ComparedPeriod = { key: "current", label: period.label, from: period.from, to: period.to };
  if (length === 12) return [current, shifted("previous", 12, (r) => `Year before (${r})`)];
  return [
    current,
    shifted("previous", length, (r) => `Previous ${length === 1 ? "month" : `${length} months`} (${r})`),
    shifted("yearBefore", 12, (r) => `A year before (${r})`),
  ];
}

const count = (key: string, label: string, definition: string): ColumnSpec => ({
  key,
  label,
  definition,
  kind: "count",
  hiddenOnPage: true,
});
const rate = (key: string, label: string, definition: string, numerator: string, denominator: string | string[]) =>
  ({ key, label, definition, kind: "rate", numerator, denominator }) as ColumnSpec;

export const HEADLINE_DEFINITION = `The answers most asked for, each for the period chosen, the previous period of the same length and the same months a year before (for a year, the two are the same). Every figure is the one in its own table below, protected in the same way, and is defined there. The inspection's reference for the referral rate is about 1 referral for every 100 people detained; the Scottish standard for waiting times is that 90% start treatment within three weeks.`;

/** The headline figures, one row for each compared period. */
export function headlinesSpec(db: Db, filter: MetricFilter, period: Period, f: Figures): TableSpec {
  const rows: RawRow[] = comparedPeriods(period).map((p) => {
    const scope: MetricFilter = { ...filter, from: p.from, to: p.to, breakdown: "none" };
    const waits = f.waitingTimes(db, scope).total;
    const values = {
      ...f.referralRate(db, scope).total,
      ...f.detentions(db, scope).total,
      ...f.referrals(db, scope).total,
      ...f.serviceResponses(db, scope).total,
      ...f.firstAppointments(db, scope).total,
      ...f.engagement(db, scope).total,
      waitsEnded: waits.n,
      waitsEnded_key: waits.n_key,
      withinStandard: waits.withinStandard,
      withinStandard_key: waits.withinStandard_key,
      ...f.feedbackCompleteness(db, scope).total,
      ...f.reEntry(db, scope).total,
    };
    return { key: p.key, label: p.label, values };
  });
  return {
    id: "headlines",
    title: "The figures at a glance",
    definition: HEADLINE_DEFINITION,
    rowHeading: "Period",
    columns: [
      count("detentions", "Detentions", "People booked into custody in the period's months."),
      count("referrals", "Referrals", "Arrest referrals made in the period."),
      rate("referralRate", "Referral rate", "Referrals ÷ detentions.", "referrals", "detentions"),
      ...(
        [
          ["Drugs", "drug problems"],
          ["Alcohol", "alcohol problems"],
          ["MentalHealth", "mental-health problems"],
        ] as const
      ).flatMap(([key, label]) => [
        count(`disclosed${key}`, `Disclosed ${label}`, `Detained people who disclosed ${label} at booking.`),
        count(
          `detentionsCounting${key}`,
          `Detentions where ${label} were counted`,
          `Detentions in the months for which the centre reported disclosed ${label}.`,
        ),
        rate(
          `share${key}`,
          `Share disclosing ${label}`,
          `Disclosed ${label} ÷ detentions in the months where they were counted.`,
          `disclosed${key}`,
          `detentionsCounting${key}`,
        ),
      ]),
      count("seenInCustody", "Seen in custody", "Referrals where the first worker contact was before release."),
      rate("seenInCustodyRate", "Share seen in custody", "Seen in custody ÷ referrals.", "seenInCustody", "referrals"),
      count("accepted", "Onward referrals accepted", "Onward referrals sent in the period that the service accepted."),
      count("declined", "Onward referrals declined", "Onward referrals sent in the period that the service declined."),
      rate("acceptanceRate", "Acceptance rate", "Accepted ÷ (accepted + declined).", "accepted", [
        "accepted",
        "declined",
      ]),
      count("withOutcome", "First appointments reported", "Onward referrals with a first appointment reported."),
      count("attendedFirst", "First appointments attended", "The first appointment reported was attended."),
      rate(
        "attendanceRate",
        "First-appointment attendance",
        "Attended ÷ first appointments reported.",
        "attendedFirst",
        "withOutcome",
      ),
      count("checked12Weeks", "12-week checks reported", "Onward referrals with a 12-week engagement check reported."),
      count("engaged12Weeks", "Engaged at 12 weeks", "The latest 12-week check said the person was engaged."),
      rate(
        "engaged12WeeksRate",
        "Engaged at 12 weeks (share)",
        "Engaged at 12 weeks ÷ 12-week checks reported.",
        "engaged12Weeks",
        "checked12Weeks",
      ),
      count(
        "waitsEnded",
        "Waits ended in attendance",
        "Onward referrals sent in the period where the person attended.",
      ),
      count(
        "withinStandard",
        `Started within ${WAITING_STANDARD_DAYS} days`,
        `First attended ${WAITING_STANDARD_DAYS} UK days or fewer after the referral.`,
      ),
      rate(
        "withinStandardRate",
        `Share starting within ${WAITING_STANDARD_DAYS} days`,
        `Started within ${WAITING_STANDARD_DAYS} days ÷ waits ended in attendance (the standard is 90%).`,
        "withinStandard",
        "waitsEnded",
      ),
      count("due", "Feedback due", "Onward referrals sent at least 28 days ago."),
      count("reported", "Reported within 28 days", "The service reported an outcome within 28 days."),
      rate("completeness", "Feedback completeness", "Reported within 28 days ÷ feedback due.", "reported", "due"),
      count("engagedReferrals90", "Engaged: people referred", "People referred who engaged before any return."),
      count("engagedReentered90", "Engaged: back within 90 days", "Of those, detained again within 90 days."),
      rate(
        "engagedRate90",
        "Re-entry within 90 days, engaged",
        "Back within 90 days ÷ people referred, for those who engaged.",
        "engagedReentered90",
        "engagedReferrals90",
      ),
      count("notEngagedReferrals90", "Did not engage: people referred", "People referred who had not engaged."),
      count("notEngagedReentered90", "Did not engage: back within 90 days", "Of those, detained again within 90 days."),
      rate(
        "notEngagedRate90",
        "Re-entry within 90 days, did not engage",
        "Back within 90 days ÷ people referred, for those who did not engage.",
        "notEngagedReentered90",
        "notEngagedReferrals90",
      ),
    ],
    rows,
    total: null,
  };
}

export const OVERDUE_DEFINITION =
  "Onward referrals from the selected areas that services have not answered in time, or have sent no update on for too long, counted now (whatever the period chosen; a service's answer counts at once, a referral recorded in error within ten minutes), by the service they were sent to. The same rule as the services' inboxes and the reminders they are sent. Every service with an open referral from the areas is listed, those with none overdue too, so a service's row says nothing on its own.";

/**
 * Feedback overdue now, by service: every service with an open onward referral from the areas,
 * so that a row of 0 is listed among the others. Counted from the open onward referrals held in
 * memory (open-onward.server.ts).
 */
export function overdueFeedbackSpec(db: Db, filter: MetricFilter): TableSpec {
  const { byService, total } = overdueByService(db, filter, filter.now ?? new Date());
  return {
    id: "overdue-feedback",
    title: "Feedback overdue now, by service",
    definition: OVERDUE_DEFINITION,
    rowHeading: "Service",
    columns: [
      {
        key: "overdue",
        label: "Overdue now",
        definition: "Onward referrals not accepted or declined in time, or open with no update for too long.",
        kind: "count",
      },
    ],
    rows: [...byService].sort((a, b) => a.label.localeCompare(b.label)),
    total,
  };
}
