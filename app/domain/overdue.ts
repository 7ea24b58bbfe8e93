// When feedback on an onward referral is overdue: not accepted or declined within N working
// days of being sent, or no outcome event for N days while open. Pure: times in, answer out.
// Working days are counted in UK local time; weekends and (optionally) bank holidays don't count
// (bank-holidays.ts says which).
import type { OnwardReferralStatus } from "#db/schema";
import { fromUkWall, toUkWall } from "~/utils/dates";

export type OverdueSettings = {
  /** Working days a service has to accept or decline (setting acknowledgement_working_days). */
  acknowledgementWorkingDays: number;
  /** Days an open referral may go without an outcome event (setting feedback_overdue_days). */
  feedbackOverdueDays: number;
  /** UK dates (YYYY-MM-DD) that are not working days besides weekends. */
  holidays?: ReadonlySet<string>;
};

/** Answered and open: waiting on the service for feedback, overdue after too long without any. */
export const FEEDBACK_STATUSES = [
  "accepted",
  "in-progress",
  "on-hold",
] as const satisfies readonly OnwardReferralStatus[];

const isFeedbackStatus = (status: OnwardReferralStatus) =>
  (FEEDBACK_STATUSES as readonly OnwardReferralStatus[]).includes(status);

export type Overdue =
  { reason: "acknowledgement"; dueAt: string } | { reason: "feedback"; dueAt: string; lastFeedbackAt: string };

export const overdueLabels: Record<Overdue["reason"], string> = {
  acknowledgement: "Not accepted or declined in time",
  feedback: "No feedback for too long",
};

const DAY = 86_400_000;

export function isWorkingDay(ukDate: string, holidays: ReadonlySet<string> = new Set()): boolean {
  const day = new Date(`${ukDate}T12:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !holidays.has(ukDate);
}

/**
 * `start` plus `workingDays` working days, at the same time of day. Something sent on a day
 * that is not a working day counts from the start of the next working day.
 */
export function addWorkingDays(start: Date, workingDays: number, holidays: ReadonlySet<string> = new Set()): Date {
  let wall = toUkWall(start);
  const dateOf = (d: Date) => d.toISOString().slice(0, 10);
  if (!isWorkingDay(dateOf(wall), holidays)) {
    wall = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));
    while (!isWorkingDay(dateOf(wall), holidays)) wall = new Date(wall.getTime() + DAY);
  }
  for (let i = 0; i < workingDays; i++) {
    wall = new Date(wall.getTime() + DAY);
    while (!isWorkingDay(dateOf(wall), holidays)) wall = new Date(wall.getTime() + DAY);
  }
  return fromUkWall(wall);
}

type OverdueInput = {
  status: OnwardReferralStatus;
  createdAt: string;
  respondedAt: string | null;
  lastOutcomeAt: string | null;
};

/** Whether and why an onward referral's feedback is overdue at `now`. */
export function overdueState(referral: OverdueInput, now: Date, settings: OverdueSettings): Overdue | null {
  if (referral.status === "requested") {
    const dueAt = addWorkingDays(new Date(referral.createdAt), settings.acknowledgementWorkingDays, settings.holidays);
    return now.getTime() > dueAt.getTime() ? { reason: "acknowledgement", dueAt: dueAt.toISOString() } : null;
  }
  if (isFeedbackStatus(referral.status)) {
    const lastFeedbackAt = referral.lastOutcomeAt ?? referral.respondedAt ?? referral.createdAt;
    const dueAt = new Date(new Date(lastFeedbackAt).getTime() + settings.feedbackOverdueDays * DAY);
    return now.getTime() > dueAt.getTime() ? { reason: "feedback", dueAt: dueAt.toISOString(), lastFeedbackAt } : null;
  }
  return null;
}

/**
 * The moment before which a referral still waiting for an answer is overdue at `now`: it is
 * overdue exactly when it was sent before this, so that a query can rank and count overdue ones
 * with a comparison. `addWorkingDays` never goes back when its start moves on, so the moment is
 * found by halving the interval down to the millisecond.
 */
export function acknowledgementOverdueBefore(now: Date, settings: OverdueSettings): Date {
  const due = (start: number) =>
    addWorkingDays(new Date(start), settings.acknowledgementWorkingDays, settings.holidays);
  // Sent this long ago it is overdue whatever weekends and holidays lie between.
  let overdue = now.getTime() - (settings.acknowledgementWorkingDays * 3 + 30) * DAY;
  let notOverdue = now.getTime();
  while (notOverdue - overdue > 1) {
    const middle = Math.floor((overdue + notOverdue) / 2);
    if (now.getTime() > due(middle).getTime()) overdue = middle;
    else notOverdue = middle;
  }
  return new Date(notOverdue);
}

/** The moment before which the last feedback on an open referral makes it overdue at `now`. */
export function feedbackOverdueBefore(now: Date, settings: OverdueSettings): Date {
  return new Date(now.getTime() - settings.feedbackOverdueDays * DAY);
}
