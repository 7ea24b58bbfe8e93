import { sql } from "drizzle-orm";
import type { Db } from "#db/connection";

/** One stored group of a centre-month: its provider, detail and day (each "*" when not kept apart). */
export type StoredGroup = Readonly<{
  centre: string;
  month: string;
  provider: string;
  detail: string;
  day: string;
  values: unknown;
}>;

/**
 * Stored rows parsed once, each into its groups, and kept between reads for each database
 * connection (the figures thread answers every dashboard from one): a national breakdown by
 * centre otherwise reads and parses about 3 MB of JSON each time. What `read` returns is shared
 * with the next read: never change it. A month's rows are dropped when its version moves
 * (storeMonth adds one, in the transaction that writes them; anything else that writes
 * figure_months must too). Past the budget, everything kept is let go.
 */
export class StoredMonths {
  private readonly months = new Map<
    string,
    { version: number | undefined; rows: Map<string, Map<string, StoredGroup[] | null>> }
  >();
  private size = 0;
  static readonly BUDGET = 8_000_000; // characters of JSON kept

  read(db: Db, figure: string, months: string[], centres: string[]) {
    if (!months.length || !centres.length) return [];
    const sorted = [...months].sort();
    const versions = new Map(
      db.$client
        .prepare("SELECT month, version FROM figure_month_versions WHERE month BETWEEN ? AND ?")
        .raw()
        .all(sorted[0], sorted.at(-1)) as [string, number][],
    );
    const missing: string[] = [];
    for (const month of months) {
      let kept = this.months.get(month);
      if (!kept || kept.version !== versions.get(month))
        this.months.set(month, (kept = { version: versions.get(month), rows: new Map() }));
      const byCentre = kept.rows.get(figure);
      if (!byCentre || centres.some((c) => !byCentre.has(c))) missing.push(month);
    }
    if (missing.length) {
      const list = (values: string[]) =>
        sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        );
      const rows = db.all<{ centre: string; month: string; groups: string }>(
        sql`SELECT custody_centre_id AS centre, month, groups FROM figure_months
            WHERE figure = ${figure} AND month IN (${list(missing)}) AND custody_centre_id IN (${list(centres)})`,
      );
      for (const month of missing) {
        const kept = this.months.get(month)!;
        const byCentre = kept.rows.get(figure) ?? new Map<string, StoredGroup[] | null>();
        kept.rows.set(figure, byCentre);
        for (const centre of centres) if (!byCentre.has(centre)) byCentre.set(centre, null);
      }
      for (const row of rows) {
        this.months.get(row.month)!.rows.get(figure)!.set(row.centre, groupsOf(row));
        this.size += row.groups.length;
      }
    }
    const found: StoredGroup[] = [];
    for (const month of months) {
      const byCentre = this.months.get(month)!.rows.get(figure)!;
      for (const centre of centres) {
        const groups = byCentre.get(centre);
        if (groups) for (const group of groups) found.push(group);
      }
    }
    if (this.size > StoredMonths.BUDGET) {
      this.months.clear();
      this.size = 0;
    }
    return found;
  }
}

function groupsOf(row: { centre: string; month: string; groups: string }): StoredGroup[] {
  return Object.entries(JSON.parse(row.groups) as Record<string, unknown>).map(([sub, values]) => {
    const [provider, detail, day] = sub.split("|");
    return { centre: row.centre, month: row.month, provider, detail, day, values };
  });
}

export const storedMonths = new WeakMap<object, StoredMonths>();
