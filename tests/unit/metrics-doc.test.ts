// docs/metrics.md says, for every figure, what the dashboard's "What this means" says: the same
// definition and the same column definitions, word for word (the page text lives in
// dashboard.server.ts). A definition changed in one place and not the other fails here.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDashboard } from "~/domain/metrics/dashboard.server";
import { resolvePeriod } from "~/domain/metrics/period";
import { createDemoWorldDb } from "../support/test-db";

describe("docs/metrics.md", () => {
  const doc = fs.readFileSync("docs/metrics.md", "utf8");
  const period = resolvePeriod({ kind: "year", year: "2025" });
  const db = createDemoWorldDb();
  const filter = { areaIds: "all" as const, from: period.from, to: period.to, breakdown: "none" as const };
  const dashboard = buildDashboard(db, { filter, period });
  const tables = [dashboard.funnel, dashboard.trend, ...Object.values(dashboard.tables)];

  it.each(tables.map((t) => [t.title, t] as const))("has the page's definition of %s", (title, table) => {
    const start = doc.indexOf(`\n## ${title}\n`);
    expect(start, `no entry for ${title}`).toBeGreaterThan(-1);
    const next = doc.indexOf("\n## ", start + 1);
    const entry = doc.slice(start, next === -1 ? undefined : next);
    for (const part of ["- Question: ", "- Computed by: ", "- Limits: "])
      expect(entry).toMatch(new RegExp(`${part}\\S`));
    // The trend's definition names the months shown; the rest is fixed text.
    if (table.id !== "trend") expect(entry).toContain(`- Definition: ${table.definition}\n`);
    for (const column of table.columns) expect(entry).toContain(`- ${column.label}: ${column.definition}\n`);
  });

  it("has no entry for a figure the page does not show", () => {
    const titles = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(titles.sort()).toEqual(tables.map((t) => t.title).sort());
  });
});
