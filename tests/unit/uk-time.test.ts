// Months and days in UK local time: the SQL that finds an instant's UK day agrees with the
// JavaScript time-zone database, and a period's bounds are the UK midnights as UTC instants.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ukMonthsOfMark } from "~/domain/metrics/monthly-refresh.server";
import { periodBounds } from "~/domain/metrics/scope.server";
import { ukDayOf, ukDaySql, ukLocalSql } from "~/domain/metrics/uk-time";
import { toUkWall } from "~/utils/dates";
import { createTestDb } from "../support/test-db";

describe("UK local time in SQL", () => {
  const db = createTestDb();
  const local = db.$client.prepare(`SELECT ${ukLocalSql("@t")} AS wall, ${ukDaySql("@t")} AS day`);

  it("gives the UK wall clock for any instant from 1996 to 2037", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1996-01-01T00:00:00Z"), max: new Date("2037-12-31T00:00:00Z") }), (d) => {
        const t = d.toISOString();
        const row = local.get({ t }) as { wall: string; day: string };
        expect(row.wall, t).toBe(toUkWall(d).toISOString().slice(0, 19).replace("T", " "));
        expect(row.day, t).toBe(ukDayOf(d));
      }),
      { numRuns: 3000 },
    );
  });

  it("gets the hours around each change of the clocks right", () => {
    for (const t of [
      "2026-03-29T00:59:59.999Z",
      "2026-03-29T01:00:00.000Z",
      "2026-10-25T00:59:59.999Z",
      "2026-10-25T01:00:00.000Z",
      "2026-06-30T23:30:00.000Z",
      "2026-06-30T23:30:00Z",
      "2026-12-31T23:30:00.000Z",
    ]) {
      const row = local.get({ t }) as { wall: string };
      expect(row.wall, t).toBe(toUkWall(new Date(t)).toISOString().slice(0, 19).replace("T", " "));
    }
  });
});

describe("periods in UK time", () => {
  it("start and end at UK midnight", () => {
    expect(periodBounds({ from: "2026-07-01", to: "2026-07-31" })).toMatchObject({
      start: "2026-06-30T23:00:00.000Z",
      end: "2026-07-31T23:00:00.000Z",
    });
    expect(periodBounds({ from: "2026-01-01", to: "2026-03-31" })).toMatchObject({
      start: "2026-01-01T00:00:00.000Z",
      end: "2026-03-31T23:00:00.000Z",
    });
  });

  it("a stale mark on a UTC month that ends in summer time covers the next UK month too", () => {
    expect(ukMonthsOfMark("2026-06")).toEqual(["2026-06", "2026-07"]);
    expect(ukMonthsOfMark("2026-03")).toEqual(["2026-03", "2026-04"]);
    expect(ukMonthsOfMark("2026-10")).toEqual(["2026-10"]);
    expect(ukMonthsOfMark("2026-12")).toEqual(["2026-12"]);
  });
});
