// Referrals by where they came from (issue 20): custody, a near-fatal overdose (naloxone), patrol,
// self-referral. Custody referrals count where their custody centre is, as every other figure;
// the others have no centre, so they count where they belong (their local authority, `area_id`)
// for a commissioner funding that area or the ADP around it. Every count travels with its cell
// key and is perturbed like any other (decision 013). The referral RATE stays a custody figure:
// referrals from custody per detention (docs/metrics.md).
import { sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { REFERRAL_SOURCES, type ReferralSource } from "#db/schema";
import { referralSourceLabels } from "../referral-sources";
import { countedReferral, keyOf, periodBounds } from "./scope.server";
import type { TableSpec } from "./figure-table";
import type { Figures } from "./figures.server";
import type { MetricFilter } from "./filter";

/** `column` (a local authority id) is in one of the filter's areas, or in an ADP among them. */
function areaInAreas(filter: Pick<MetricFilter, "areaIds">, column: string) {
  if (filter.areaIds === "all") return sql`1 = 1`;
  if (!filter.areaIds.length) return sql`0 = 1`;
  const ids = sql.join(
    filter.areaIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`${sql.raw(column)} IN (
    SELECT scope_la.id FROM areas scope_la WHERE scope_la.id IN (${ids}) OR scope_la.parent_area_id IN (${ids}))`;
}

export type SourceCount = { source: ReferralSource; count: number; key: number };

const OUTSIDE_CUSTODY = REFERRAL_SOURCES.filter((source) => source !== "custody");

/** True counts and cell keys of the referrals from outside custody made in the period, by source. */
function countsOutsideCustody(db: Queryable, filter: Pick<MetricFilter, "areaIds" | "from" | "to">) {
  const { start, end } = periodBounds(filter);
  // Without statistics SQLite would read every referral with no centre through the centre index:
  // name the partial index of these few (migration 0022), which holds all the query reads.
  return db.all<{ source: ReferralSource; count: number; key: number | null }>(sql`
    SELECT ar.source AS source, count(*) AS count, sum(coalesce(ar.record_key, 0)) AS key
    FROM arrest_referrals ar INDEXED BY arrest_referrals_outside_custody
    WHERE ar.custody_centre_id IS NULL AND ar.source IN (${sql.join(
      OUTSIDE_CUSTODY.map((source) => sql`${source}`),
      sql`, `,
    )}) AND ar.created_at >= ${start} AND ar.created_at < ${end}
      AND ${countedReferral("ar")} AND ${areaInAreas(filter, "ar.area_id")}
    GROUP BY ar.source`);
}

/**
 * The figure as the dashboard, the printable report and the CSV all show it (a dashboard table, so
 * disclosed with the others): one row per source and a total that is a cell of its own.
 */
export function referralSourcesSpec(db: Db, filter: MetricFilter, f: Figures): TableSpec {
  // Custody's row is the referrals figure (kept by month), so it is the same protected cell.
  const custody = f.referrals(db, { ...filter, breakdown: "none" }).total;
  const outside = countsOutsideCustody(db, filter);
  const counts = REFERRAL_SOURCES.map((source): SourceCount => {
    if (source === "custody") return { source, count: custody.referrals, key: custody.referrals_key };
    const found = outside.find((r) => r.source === source);
    return { source, count: found?.count ?? 0, key: found?.key ?? 0 };
  });
  const row = (key: string, label: string, count: number, cellKey: number) => ({
    key,
    label,
    values: { referrals: count, [keyOf("referrals")]: cellKey },
  });
  return {
    id: "referral-sources",
    title: "Referrals by where they came from",
    definition:
      "Referrals made in the period, by the door they came through: custody, a near-fatal overdose (naloxone given by an officer), an officer on patrol, or the person asking for support themselves. Referrals from custody count where their custody centre is; the others have no custody centre and count in the local authority area they belong to. The referral rate is a custody figure: referrals from custody per detention.",
    rowHeading: "Where from",
    columns: [{ key: "referrals", label: "Referrals", definition: "Referrals made in the period.", kind: "count" }],
    rows: counts.map(({ source, count, key }) => row(source, referralSourceLabels[source], count, key)),
    total: row(
      "total",
      "All referrals",
      counts.reduce((n, c) => n + c.count, 0),
      counts.reduce((n, c) => n + c.key, 0),
    ),
  };
}
