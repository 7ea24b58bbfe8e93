// The periods a commissioner can look at. Custody throughput is counted by calendar month, so
// every period is a run of whole months: a month, a quarter, a financial year (April to March,
// as commissioners report) or any run of months. Months are calendar months in UK local time
// (uk-time.ts); the labels below name a month, so they format a mid-month date in UTC.
import { ukMonthOf } from "./uk-time";

export type PeriodSelection =
  | { kind: "month"; month: string }
  | { kind: "quarter"; quarter: string }
  | { kind: "year"; year: string }
  | { kind: "custom"; from: string; to: string };

export type Period = {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  to: string;
  fromMonth: string;
  toMonth: string;
  label: string;
  /** For file names: "2026-07-to-2026-09". */
  slug: string;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (value: string) => MONTH.test(value);

export function addMonths(month: string, count: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The UK calendar month an instant falls in. */
export function monthOf(date: Date): string {
  return ukMonthOf(date);
}

export function lastDayOf(month: string): string {
  const [y, m] = month.split("-").map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

const monthName = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const shortMonthName = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
const monthOnly = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" });

const asDate = (month: string) => new Date(`${month}-15T00:00:00Z`);
export const formatMonth = (month: string) => monthName.format(asDate(month));
export const formatShortMonth = (month: string) => shortMonthName.format(asDate(month));

function range(fromMonth: string, toMonth: string, label: string, slug: string): Period {
  return { from: `${fromMonth}-01`, to: lastDayOf(toMonth), fromMonth, toMonth, label, slug };
}

export function resolvePeriod(selection: PeriodSelection): Period {
  switch (selection.kind) {
    case "month":
      return range(selection.month, selection.month, formatMonth(selection.month), selection.month);
    case "quarter": {
      const [year, q] = selection.quarter.split("-Q").map(Number);
      const fromMonth = `${year}-${String((q - 1) * 3 + 1).padStart(2, "0")}`;
      const toMonth = addMonths(fromMonth, 2);
      return range(
        fromMonth,
        toMonth,
        `${monthOnly.format(asDate(fromMonth))} to ${formatMonth(toMonth)}`,
        selection.quarter,
      );
    }
    case "year": {
      const start = Number(selection.year);
      return range(
        `${start}-04`,
        `${start + 1}-03`,
        financialYearLabel(start),
        `${start}-${String((start + 1) % 100).padStart(2, "0")}`,
      );
    }
    case "custom": {
      const [fromMonth, toMonth] =
        selection.from <= selection.to ? [selection.from, selection.to] : [selection.to, selection.from];
      const label =
        fromMonth === toMonth ? formatMonth(fromMonth) : `${formatMonth(fromMonth)} to ${formatMonth(toMonth)}`;
      return range(fromMonth, toMonth, label, fromMonth === toMonth ? fromMonth : `${fromMonth}-to-${toMonth}`);
    }
  }
}

export const financialYearLabel = (start: number) =>
  `${start}/${String((start + 1) % 100).padStart(2, "0")} (April ${start} to March ${start + 1})`;

/** The financial year (its starting calendar year) a month falls in. */
export function financialYearOf(month: string): number {
  const [y, m] = month.split("-").map(Number);
  return m >= 4 ? y : y - 1;
}

export function quarterOf(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/**
 * What the dashboard shows first: the latest financial year that ended at least three months ago,
 * so that every figure has had time to happen (12-week engagement checks, 90-day returns to
 * custody, feedback due after 28 days) and a year gives re-entry within 180 and 365 days people
 * to count. Commissioners report by financial year.
 */
export function defaultPeriodSelection(now: Date): PeriodSelection {
  // Three whole months after the year's last month have passed by the start of this month.
  const settled = addMonths(monthOf(now), -3);
  const year = financialYearOf(settled);
  return { kind: "year", year: String(`${year + 1}-03` < settled ? year : year - 1) };
}

export const DEFAULT_PERIOD_NOTE =
  "This is the latest financial year that ended at least three months ago: long enough ago that 12-week engagement checks, returns to custody within 90 days and feedback due after 28 days have had time to happen, and long enough that re-entry within 180 and 365 days has people to count. Choose another period below.";

/** Monthly trends cover the period, and at least the 12 months up to its end. */
export function trendMonths(period: Period): { fromMonth: string; toMonth: string } {
  const twelveBack = addMonths(period.toMonth, -11);
  return { fromMonth: period.fromMonth < twelveBack ? period.fromMonth : twelveBack, toMonth: period.toMonth };
}

export type PeriodOptions = {
  months: { value: string; label: string }[];
  quarters: { value: string; label: string }[];
  years: { value: string; label: string }[];
};

/** What the period pickers offer: the last three years, newest first. */
export function periodOptions(now: Date): PeriodOptions {
  const current = monthOf(now);
  const months = monthsBetween(addMonths(current, -35), current).reverse();
  const quarters = [...new Set(months.map(quarterOf))];
  const years = [...new Set(months.map(financialYearOf))];
  return {
    months: months.map((m) => ({ value: m, label: formatMonth(m) })),
    quarters: quarters.map((q) => ({ value: q, label: resolvePeriod({ kind: "quarter", quarter: q }).label })),
    years: years.map((y) => ({ value: String(y), label: financialYearLabel(y) })),
  };
}
