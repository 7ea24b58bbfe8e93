// UK bank holidays for counting working days, from `date-holidays` (a maintained package that
// carries the one-off days too: the Platinum Jubilee, the Queen's funeral, the coronation),
// rather than a rule of our own that knew only the yearly pattern. Each nation has its own.
import Holidays from "date-holidays";

export type UkNation = "scotland" | "england-and-wales" | "northern-ireland";

/** Pathway is run in Scotland (its areas, centres and providers are Scottish). */
export const DEFAULT_NATION: UkNation = "scotland";

const regions: Record<UkNation, string> = { scotland: "SCT", "england-and-wales": "ENG", "northern-ireland": "NIR" };

const byYear = new Map<string, string[]>();

/** The bank holidays (YYYY-MM-DD) of a year that fall on a weekday, substitute days included. */
export function bankHolidays(year: number, nation: UkNation = DEFAULT_NATION): string[] {
  const key = `${nation}:${year}`;
  const known = byYear.get(key);
  if (known) return known;
  const days = new Holidays("GB", regions[nation])
    .getHolidays(year)
    .filter((holiday) => holiday.type === "public" || holiday.type === "bank")
    .map((holiday) => holiday.date.slice(0, 10))
    .filter((date) => {
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    });
  const sorted = [...new Set(days)].sort();
  byYear.set(key, sorted);
  return sorted;
}

/** Bank holidays for the years around `now`, for counting working days. */
export function bankHolidaysAround(now: Date, nation: UkNation = DEFAULT_NATION): ReadonlySet<string> {
  const year = now.getUTCFullYear();
  return new Set([year - 1, year, year + 1].flatMap((y) => bankHolidays(y, nation)));
}
