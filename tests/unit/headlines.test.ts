// The first screen: headline figures are the protected cells of their own tables, compared with
// the previous period of the same length and the same months a year before; the default period
// is one every figure has data for; overdue feedback is counted by service.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { buildDashboard, type DashboardInput } from "~/domain/metrics/dashboard.server";
import { comparedPeriods } from "~/domain/metrics/headlines.server";
import { defaultPeriodSelection, resolvePeriod } from "~/domain/metrics/period";
import { createDemoCasesDb, DEMO_CASES_NOW } from "../support/test-db";

let db: Db;
beforeAll(() => {
  db = createDemoCasesDb();
});

const inputFor = (period = resolvePeriod(defaultPeriodSelection(DEMO_CASES_NOW))): DashboardInput => ({
  filter: { areaIds: "all", from: period.from, to: period.to, breakdown: "none", now: DEMO_CASES_NOW },
  period,
});

describe("the first screen", () => {
  it("compares a period with the one before it and the same months a year before", () => {
    const quarter = comparedPeriods(resolvePeriod({ kind: "quarter", quarter: "2026-Q2" }));
    expect(quarter.map((p) => [p.key, p.from, p.to])).toEqual([
      ["current", "2026-04-01", "2026-06-30"],
      ["previous", "2026-01-01", "2026-03-31"],
      ["yearBefore", "2025-04-01", "2025-06-30"],
    ]);
    // For a year the previous period is the year before: shown once.
    const year = comparedPeriods(resolvePeriod({ kind: "year", year: "2025" }));
    expect(year.map((p) => [p.key, p.from, p.to])).toEqual([
      ["current", "2025-04-01", "2026-03-31"],
      ["previous", "2024-04-01", "2025-03-31"],
    ]);
  });

  it("shows first a financial year every figure has data for", () => {
    expect(defaultPeriodSelection(new Date("2026-11-23T09:00:00Z"))).toEqual({ kind: "year", year: "2025" });
    expect(defaultPeriodSelection(new Date("2026-06-30T23:30:00Z"))).toEqual({ kind: "year", year: "2025" });
    expect(defaultPeriodSelection(new Date("2026-06-15T09:00:00Z"))).toEqual({ kind: "year", year: "2024" });
    const dashboard = buildDashboard(db, inputFor());
    const empty = Object.values(dashboard.tables)
      .filter((t) => t.id !== "overdue-feedback")
      .flatMap((t) => {
        const total = t.rows.find((r) => r.isTotal || r.key === "current") ?? t.rows[0];
        return Object.entries(total.cells)
          .filter(([, cell]) => cell.status === "no-data")
          .map(([column]) => `${t.id}.${column}`);
      });
    expect(empty).toEqual([]);
  });

  it("each headline is the protected cell of its own table", () => {
    const dashboard = buildDashboard(db, inputFor());
    const current = dashboard.tables.headlines.rows.find((r) => r.key === "current")!.cells;
    const total = (id: keyof typeof dashboard.tables) => dashboard.tables[id].rows.find((r) => r.isTotal)!.cells;
    expect(current.referralRate).toEqual(total("referral-rate").referralRate);
    expect(current.shareDrugs).toEqual(total("detentions").shareDrugs);
    expect(current.seenInCustodyRate).toEqual(total("referrals").seenInCustodyRate);
    expect(current.acceptanceRate).toEqual(total("service-responses").acceptanceRate);
    expect(current.attendanceRate).toEqual(total("first-appointments").attendanceRate);
    expect(current.engaged12WeeksRate).toEqual(total("engagement").engaged12WeeksRate);
    expect(current.withinStandardRate).toEqual(total("waiting-times").withinStandardRate);
    expect(current.completeness).toEqual(total("feedback").completeness);
    expect(current.engagedRate90).toEqual(total("re-entry-90").engagedRate90);
    expect(current.notEngagedRate90).toEqual(total("re-entry-90").notEngagedRate90);
  });

  it("the funnel holds only steps that are part of the step before, with custody beside it", () => {
    const funnel = buildDashboard(db, inputFor()).funnel;
    expect(funnel.rows.map((r) => r.key)).toEqual([
      "referrals",
      "assessed",
      "referredOn",
      "attended",
      "engaged12Weeks",
    ]);
  });

  it("counts feedback overdue now by service, protected like every count", () => {
    const table = buildDashboard(db, inputFor()).tables["overdue-feedback"];
    const total = table.rows.find((r) => r.isTotal)!.cells.overdue;
    expect(total.status).toBe("shown");
    expect(total.value).toBeGreaterThan(0);
    for (const row of table.rows) {
      const value = row.cells.overdue.value ?? 0;
      expect(value === 0 || value >= 5).toBe(true);
    }
  });
});
