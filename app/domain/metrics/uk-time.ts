// Commissioner figures count months and days in UK local time: a booking at 00:30 on 1 July in
// British Summer Time (23:30 on 30 June in UTC, as stored) belongs to July. Times are stored as
// ISO UTC text, so a period is turned into the UTC instants of its first and last UK midnights
// (the database still reads a range of its indexes), and a month or day key is worked out from
// the UK wall clock in SQL by the UK's rule: summer time from 01:00 UTC on the last Sunday of
// March to 01:00 UTC on the last Sunday of October (the rule since 1996). A test holds the SQL
// to the JavaScript time-zone database for instants from 1996 to 2037.
import { fromUkWall, ukDateOf } from "~/utils/dates";

const DAY_MS = 86400_000;

// The time-zone database is slow to ask (tens of microseconds), and a national dashboard asks
// for the same few hundred days' starts thousands of times: each day's start is kept.
const dayStarts = new Map<string, string>();

/** The UTC instant (ISO) at which the UK day `day` (YYYY-MM-DD) begins. */
export function ukDayStart(day: string): string {
  let start = dayStarts.get(day);
  if (start === undefined) {
    if (dayStarts.size >= 20_000) dayStarts.clear();
    start = fromUkWall(new Date(`${day}T00:00:00.000Z`)).toISOString();
    dayStarts.set(day, start);
  }
  return start;
}

/** The calendar day `days` after `day` (YYYY-MM-DD); before it when negative. */
export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The calendar day after `day` (YYYY-MM-DD). */
export const dayAfter = (day: string) => addDays(day, 1);

/** The UK calendar day (YYYY-MM-DD) of an instant. */
export const ukDayOf = (at: Date | number) => ukDateOf(new Date(at));

/** The UK calendar month (YYYY-MM) of an instant. */
export const ukMonthOf = (at: Date | number) => ukDayOf(at).slice(0, 7);

/** SQL: the UK wall-clock time ("YYYY-MM-DD HH:MM:SS") of `column`, an ISO UTC time. */
export function ukLocalSql(column: string): string {
  const year = `substr(${column}, 1, 4)`;
  const summer = `${column} >= date(${year} || '-03-25', 'weekday 0') || 'T01' AND ${column} < date(${year} || '-10-25', 'weekday 0') || 'T01'`;
  return `datetime(${column}, CASE WHEN ${summer} THEN '+1 hour' ELSE '+0 hours' END)`;
}

/** SQL: the UK calendar month (YYYY-MM) of `column`, an ISO UTC time. */
export const ukMonthSql = (column: string) => `substr(${ukLocalSql(column)}, 1, 7)`;

/** SQL: the UK calendar day (YYYY-MM-DD) of `column`, an ISO UTC time. */
export const ukDaySql = (column: string) => `substr(${ukLocalSql(column)}, 1, 10)`;
