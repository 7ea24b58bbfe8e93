// When feedback on an onward referral is overdue: not accepted or declined within N working
// days of being sent, or no outcome event for N days while open. Pure: times in, answer out.
// Working days are counted in UK local time; weekends and (optionally) bank holidays don't count.
import type { OnwardReferralStatus } from "#db/schema";

export type OverdueSettings = {
  /** Working days a service has to accept or decline (setting acknowledgement_working_days). */
  acknowledgementWorkingDays: number;
  /** Days an open referral may go without an outcome event (setting feedback_overdue_days). */
  feedbackOverdueDays: number;
  /** UK dates (YYYY-MM-DD) that are not working days besides weekends. */
  holidays?: ReadonlySet<string>;
};

export type Overdue =
  | { reason: "acknowledgement"; dueAt: string }
  | { reason: "feedback"; dueAt: string; lastFeedbackAt: string };

export const overdueLabels: Record<Overdue["reason"], string> = {
  acknowledgement: "Not accepted or declined in time",
  feedback: "No feedback for too long",
};

const timeZone = "Europe/London";
const DAY = 86_400_000;

const wallFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The UK wall-clock time at an instant, held in a Date's UTC fields. */
function toWall(date: Date): Date {
  const p = Object.fromEntries(wallFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second, date.getUTCMilliseconds()));
}

/** The instant at which the UK wall clock shows `wall` (its UTC fields). */
function fromWall(wall: Date): Date {
  const offset = toWall(wall).getTime() - wall.getTime();
  const guess = new Date(wall.getTime() - offset);
  const offsetAtGuess = toWall(guess).getTime() - guess.getTime();
  return new Date(wall.getTime() - offsetAtGuess);
}

/** The UK calendar date (YYYY-MM-DD) of an instant. */
export function ukDateOf(date: Date): string {
  return toWall(date).toISOString().slice(0, 10);
}

export function isWorkingDay(ukDate: string, holidays: ReadonlySet<string> = new Set()): boolean {
  const day = new Date(`${ukDate}T12:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !holidays.has(ukDate);
}

/**
 * `start` plus `workingDays` working days, at the same time of day. Something sent on a day
 * that is not a working day counts from the start of the next working day.
 */
export function addWorkingDays(start: Date, workingDays: number, holidays: ReadonlySet<string> = new Set()): Date {
  let wall = toWall(start);
  const dateOf = (d: Date) => d.toISOString().slice(0, 10);
  if (!isWorkingDay(dateOf(wall), holidays)) {
    wall = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()));
    while (!isWorkingDay(dateOf(wall), holidays)) wall = new Date(wall.getTime() + DAY);
  }
  for (let i = 0; i < workingDays; i++) {
    wall = new Date(wall.getTime() + DAY);
    while (!isWorkingDay(dateOf(wall), holidays)) wall = new Date(wall.getTime() + DAY);
  }
  return fromWall(wall);
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
  if (referral.status === "accepted" || referral.status === "in-progress" || referral.status === "on-hold") {
    const lastFeedbackAt = referral.lastOutcomeAt ?? referral.respondedAt ?? referral.createdAt;
    const dueAt = new Date(new Date(lastFeedbackAt).getTime() + settings.feedbackOverdueDays * DAY);
    return now.getTime() > dueAt.getTime() ? { reason: "feedback", dueAt: dueAt.toISOString(), lastFeedbackAt } : null;
  }
  return null;
}

// ---------------------------------------------------------------- bank holidays

function isoDay(year: number, month: number, day: number) {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function weekday(date: string) {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

function addDays(date: string, days: number) {
  return new Date(new Date(`${date}T12:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);
}

/** The Monday on or after the `nth` (1-based) Monday of a month; nth = -1 for the last Monday. */
function monday(year: number, month: number, nth: number) {
  if (nth > 0) {
    const first = isoDay(year, month, 1);
    return addDays(first, ((8 - weekday(first)) % 7) + (nth - 1) * 7);
  }
  const last = isoDay(year, month + 1, 0);
  return addDays(last, -((weekday(last) + 6) % 7));
}

/** Easter Sunday (Gregorian, the anonymous algorithm). */
function easterSunday(year: number) {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDay(year, month, day);
}

/** Holidays that move to the next weekday not already a holiday when they fall at a weekend. */
function withSubstitutes(dates: string[]) {
  const taken = new Set<string>();
  for (const date of dates) {
    let day = date;
    while (weekday(day) === 0 || weekday(day) === 6 || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
  }
  return [...taken];
}

/**
 * Scotland's regular bank holidays in a year (the pattern, not one-off royal occasions):
 * 1 and 2 January, Good Friday, the first and last Mondays of May, the first Monday of
 * August, St Andrew's Day, Christmas and Boxing Day, with weekend substitutes.
 */
export function scottishBankHolidays(year: number): string[] {
  return [
    ...withSubstitutes([isoDay(year, 1, 1), isoDay(year, 1, 2)]),
    addDays(easterSunday(year), -2),
    monday(year, 5, 1),
    monday(year, 5, -1),
    monday(year, 8, 1),
    ...withSubstitutes([isoDay(year, 11, 30)]),
    ...withSubstitutes([isoDay(year, 12, 25), isoDay(year, 12, 26)]),
  ].sort();
}

/** Bank holidays for the years around `now`, for counting working days. */
export function bankHolidaysAround(now: Date): ReadonlySet<string> {
  const year = now.getUTCFullYear();
  return new Set([year - 1, year, year + 1].flatMap(scottishBankHolidays));
}
