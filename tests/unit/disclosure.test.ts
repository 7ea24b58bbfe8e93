// The disclosure rule: the perturbation table's promises (bounded, unbiased, no small counts, no
// negatives, 0 stays 0, the same cell always the same), checked as properties over random counts
// and keys; rates and medians from the perturbed counts; and a table that cannot be disclosed
// without its cell keys. The attack on overlapping views is disclosure-attack.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countCell,
  MAX_NOISE,
  perturbationRow,
  perturbedCount,
  RECORD_KEY_RANGE,
  rateCell,
  SMALL_COUNT_MAX,
  statisticCell,
  STATISTIC_MIN_COUNT,
} from "~/domain/disclosure";
import { discloseTable } from "~/domain/metrics/figure-table";

const counts = fc.integer({ min: 0, max: 5000 });
const keys = fc.integer({ min: 0, max: 50 * RECORD_KEY_RANGE });

describe("the perturbation table", () => {
  it("never moves a count more than the bound, never below 0, never to 1–4, and keeps 0 at 0", () => {
    fc.assert(
      fc.property(counts, keys, (count, key) => {
        const shown = perturbedCount(count, key);
        expect(Math.abs(shown - count)).toBeLessThanOrEqual(MAX_NOISE);
        expect(shown).toBeGreaterThanOrEqual(0);
        expect(shown >= 1 && shown <= SMALL_COUNT_MAX).toBe(false);
        if (count === 0) expect(shown).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });

  it("is unbiased: for every true count the shown count is the true one on average", () => {
    for (let count = 0; count <= 60; count++) {
      const row = perturbationRow(count);
      expect(row.reduce((s, r) => s + r.p, 0)).toBeCloseTo(1, 12);
      expect(row.reduce((s, r) => s + r.p * r.shown, 0)).toBeCloseTo(count, 10);
      expect(row.every((r) => r.p > 0)).toBe(true);
    }
  });

  it("uses the key as a uniform draw: over evenly spread keys each count shows as the table says", () => {
    for (const count of [1, 3, 6, 9, 40]) {
      const tally = new Map<number, number>();
      const steps = 20_000;
      for (let i = 0; i < steps; i++) {
        const shown = perturbedCount(count, Math.floor((i / steps) * RECORD_KEY_RANGE));
        tally.set(shown, (tally.get(shown) ?? 0) + 1);
      }
      for (const { shown, p } of perturbationRow(count)) expect((tally.get(shown) ?? 0) / steps).toBeCloseTo(p, 3);
    }
  });

  it("shows the same cell the same way every time, and depends on the key only modulo the range", () => {
    fc.assert(
      fc.property(counts, keys, (count, key) => {
        expect(perturbedCount(count, key)).toBe(perturbedCount(count, key));
        expect(perturbedCount(count, key + RECORD_KEY_RANGE)).toBe(perturbedCount(count, key));
      }),
    );
  });

  it("shows a count of 5 or more unchanged when the cell key is 0 (what tests with zero keys rely on)", () => {
    fc.assert(
      fc.property(fc.integer({ min: SMALL_COUNT_MAX + 1, max: 5000 }), (count) => {
        expect(perturbedCount(count, 0)).toBe(count);
      }),
    );
    expect(perturbedCount(3, 0)).toBe(0);
  });
});

describe("rates and medians follow the shown counts", () => {
  it("gives no rate when there is nothing to divide by", () => {
    expect(rateCell(countCell(0, 0), countCell(0, 0)).text).toBe("no data");
  });

  it("divides the shown counts, and never shows more than 100%", () => {
    expect(rateCell(countCell(5, 0), countCell(40, 0)).text).toBe("12.5%");
    expect(rateCell({ status: "shown", value: 42, text: "42" }, { status: "shown", value: 40, text: "40" }).text).toBe(
      "100.0%",
    );
  });

  it("withholds a median of fewer than 10 people shown", () => {
    expect(statisticCell(12, countCell(STATISTIC_MIN_COUNT - 1, 0), String).text).toBe("[c]");
    expect(statisticCell(12, countCell(STATISTIC_MIN_COUNT, 0), String).text).toBe("12");
    expect(statisticCell(null, countCell(0, 0), String).text).toBe("no data");
  });
});

describe("figure tables", () => {
  const spec = (values: Record<string, number>) => ({
    id: "t",
    title: "T",
    definition: "",
    rowHeading: "Centre",
    columns: [
      { key: "a", label: "A", definition: "", kind: "count" as const },
      { key: "b", label: "B", definition: "", kind: "count" as const },
      { key: "share", label: "Share", definition: "", kind: "rate" as const, numerator: "a", denominator: "b" },
    ],
    rows: [{ key: "x", label: "X", values }],
    total: null,
  });

  it("perturbs each count by its own cell key, the rate following the shown counts", () => {
    const key = 7 * RECORD_KEY_RANGE + 123_457;
    const table = discloseTable(spec({ a: 12, a_key: key, b: 30, b_key: 0 }));
    const a = perturbedCount(12, key);
    expect(table.rows[0].cells.a.value).toBe(a);
    expect(table.rows[0].cells.b.value).toBe(30);
    expect(table.rows[0].cells.share.value).toBe(Math.round((a / 30) * 1000) / 10);
  });

  it("refuses to show a count that came without its cell key", () => {
    expect(() => discloseTable(spec({ a: 12, b: 30, b_key: 0 }))).toThrow(/No cell key for a/);
  });
});
