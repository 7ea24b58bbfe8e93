// When an outcome event may have happened, judged against the referral and the events before
// it. One rule set for every door: the service's page, the CSV upload and the FHIR API all
// record events through applyOutcomeEvent (outcomes.server.ts), which asks this first; the demo
// data and the generator are checked against it by a test.
import type { OutcomeEventKind } from "#db/schema";
import { formatDate } from "~/utils/dates";
import { ukDateOf } from "~/utils/dates";

export type TimelineEvent = { kind: OutcomeEventKind; occurredOn: string; detail?: Record<string, unknown> | null };

/** Days from the start of engagement before each engagement check may be recorded. */
export const ENGAGEMENT_CHECK_DAYS = { engagement_check_4_weeks: 28, engagement_check_12_weeks: 84 } as const;

export type TimelineProblem = { message: string; field: "occurredOn" | "appointmentAt" };

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const appointmentDate = (event: TimelineEvent): string | null => {
  const at = event.detail?.appointmentAt;
  return typeof at === "string" && !Number.isNaN(Date.parse(at)) ? ukDateOf(new Date(at)) : null;
};

/**
 * The problem with recording `event` after `earlier` (in the order they were recorded) on a
 * referral made at `referralCreatedAt`, or null when it makes sense. Dates are UK dates.
 * - nothing in the future, nothing before the referral was made;
 * - an appointment is not before the referral;
 * - attended or did not attend only on or after the appointment booked last;
 * - the 4-week check from 28 days after the first appointment (or the referral, when none was
 *   booked), the 12-week check from 84.
 */
export function outcomeTimelineProblem(input: {
  referralCreatedAt: string;
  earlier: readonly TimelineEvent[];
  event: TimelineEvent;
  now: Date;
}): TimelineProblem | null {
  const { event, earlier, now } = input;
  const today = ukDateOf(now);
  const referralDate = ukDateOf(new Date(input.referralCreatedAt));
  if (event.occurredOn > today)
    return { field: "occurredOn", message: "The date is in the future: record what has happened." };
  if (event.occurredOn < referralDate) {
    return { field: "occurredOn", message: `The date is before the referral was made (${formatDate(referralDate)}).` };
  }
  if (event.kind === "appointment_booked") {
    const appointment = appointmentDate(event);
    if (appointment && appointment < referralDate) {
      return {
        field: "appointmentAt",
        message: `The appointment is before the referral was made (${formatDate(referralDate)}).`,
      };
    }
    return null;
  }
  const appointments = earlier
    .filter((e) => e.kind === "appointment_booked")
    .map(appointmentDate)
    .filter((d): d is string => d !== null);
  if (event.kind === "attended" || event.kind === "did_not_attend") {
    const appointment = appointments.at(-1);
    if (appointment && event.occurredOn < appointment) {
      const what = event.kind === "attended" ? "Attendance" : "A missed appointment";
      return {
        field: "occurredOn",
        message: `${what} cannot be recorded before the appointment on ${formatDate(appointment)}: record it on or after that day.`,
      };
    }
    return null;
  }
  if (event.kind === "engagement_check_4_weeks" || event.kind === "engagement_check_12_weeks") {
    const firstAppointment = appointments.length ? [...appointments].sort()[0] : null;
    const start = firstAppointment ?? referralDate;
    const days = ENGAGEMENT_CHECK_DAYS[event.kind];
    const earliest = addDays(start, days);
    if (event.occurredOn < earliest) {
      const weeks = days / 7;
      return {
        field: "occurredOn",
        message: `The ${weeks}-week check is ${days} days after the ${firstAppointment ? "first appointment" : "referral"} (${formatDate(start)}): record it on or after ${formatDate(earliest)}.`,
      };
    }
  }
  return null;
}

/** Every problem in a whole referral's events, in the order they were recorded: for checking data in bulk. */
export function timelineProblems(
  referralCreatedAt: string,
  events: readonly TimelineEvent[],
  now: Date,
): { index: number; problem: TimelineProblem }[] {
  const problems: { index: number; problem: TimelineProblem }[] = [];
  events.forEach((event, index) => {
    const problem = outcomeTimelineProblem({ referralCreatedAt, earlier: events.slice(0, index), event, now });
    if (problem) problems.push({ index, problem });
  });
  return problems;
}
