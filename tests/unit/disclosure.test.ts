// The disclosure rule: small counts, rates, and secondary suppression that stops a small count
// being worked out from the totals — the last checked as a property over random tables.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countCell,
  knownRange,
  rateCell,
  statisticCell,
  suppressTable,
  type Relation,
  type Suppression,
} from "~/domain/disclosure";
import { discloseTable } from "~/domain/metrics/figure-table";

describe("primary suppression", () => {
  it("shows 0, withholds 1 to 4 as <5, shows 5 and more", () => {
    expect([0, 1, 4, 5, 1234].map((n) => countCell(n).text)).toEqual(["0", "<5", "<5", "5", "1,234"]);
    expect(countCell(3).value).toBeNull();
  });

  it("gives no rate when there is nothing to divide by", () => {
    expect(rateCell(countCell(0), { raw: 0, cell: countCell(0) }).text).toBe("no data");
  });

  it("withholds a rate whose numerator or denominator is withheld", () => {
    expect(rateCell(countCell(3), { raw: 40, cell: countCell(40) }).text).toBe("[c]");
    expect(rateCell(countCell(0), { raw: 3, cell: countCell(3) }).text).toBe("[c]");
    expect(rateCell(countCell(40), { raw: 60, cell: countCell(60, "withheld") }).text).toBe("[c]");
    expect(rateCell(countCell(5), { raw: 40, cell: countCell(40) }).text).toBe("12.5%");
  });

  it("withholds a median of fewer than 5 people", () => {
    expect(statisticCell(12, { raw: 4, cell: countCell(4) }, String).text).toBe("[c]");
    expect(statisticCell(null, { raw: 0, cell: countCell(0) }, String).text).toBe("no data");
    expect(statisticCell(12, { raw: 9, cell: countCell(9) }, String).text).toBe("12");
  });
});

/** A column of cells and its total (the last cell). */
const column = (values: number[]): [number[], Relation[]] => [
  [...values, values.reduce((a, b) => a + b, 0)],
  [{ summands: values.map((_, i) => i), total: values.length }],
];

describe("secondary suppression", () => {
  it("withholds a second cell when one small count could be worked out from the total", () => {
    const [values, relations] = column([3, 6, 50]);
    expect(suppressTable(values, relations)).toEqual(["small", "withheld", "shown", "shown"]);
  });

  it("prefers the smallest other cell, and never a 0", () => {
    const [values, relations] = column([2, 0, 9, 7, 30]);
    expect(suppressTable(values, relations)).toEqual(["small", "shown", "shown", "withheld", "shown", "shown"]);
  });

  it("withholds more when two small counts would give themselves away (1 + 1 = 2)", () => {
    const [values, relations] = column([1, 1, 20]);
    expect(suppressTable(values, relations)).toEqual(["small", "small", "withheld", "shown"]);
  });

  it("needs nothing more when two small counts leave doubt (1 + 3 = 4 could be 2 + 2)", () => {
    const [values, relations] = column([1, 3, 20]);
    expect(suppressTable(values, relations)).toEqual(["small", "small", "shown", "shown"]);
  });

  it("withholds a total when nothing else can hide a small count", () => {
    const [values, relations] = column([1, 5]);
    // 1 and 5 withheld with the total 6 shown: the "<5" cell must be 1.
    expect(suppressTable(values, relations)).toEqual(["small", "withheld", "withheld"]);
  });

  it("leaves a table with no totals to primary suppression alone", () => {
    expect(suppressTable([3, 60, 0], [])).toEqual(["small", "shown", "shown"]);
  });

  it("is applied to figure tables, rates following their counts", () => {
    const table = discloseTable({
      id: "t",
      title: "T",
      definition: "",
      rowHeading: "Centre",
      columns: [
        { key: "detentions", label: "Detentions", definition: "", kind: "count" },
        { key: "referrals", label: "Referrals", definition: "", kind: "count" },
        { key: "rate", label: "Rate", definition: "", kind: "rate", numerator: "referrals", denominator: "detentions" },
      ],
      rows: [
        { key: "a", label: "A", values: { detentions: 100, referrals: 2 } },
        { key: "b", label: "B", values: { detentions: 200, referrals: 12 } },
        { key: "c", label: "C", values: { detentions: 300, referrals: 30 } },
      ],
      total: { key: "all", label: "All", values: { detentions: 600, referrals: 44 } },
    });
    expect(table.rows.map((r) => [r.label, r.cells.referrals.text, r.cells.rate.text])).toEqual([
      ["A", "<5", "[c]"],
      ["B", "[c]", "[c]"],
      ["C", "30", "10.0%"],
      ["All", "44", "7.3%"],
    ]);
  });
});

// ------------------------------------------------------------------ the property

/** A table of counts with a total column and a total row, and the relations between them. */
function tableWithTotals(interior: number[][]) {
  const rows = interior.length;
  const columns = interior[0].length;
  const grid = interior.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  grid.push(Array.from({ length: columns + 1 }, (_, c) => grid.reduce((sum, r) => sum + r[c], 0)));
  const at = (r: number, c: number) => r * (columns + 1) + c;
  const relations: Relation[] = [];
  for (let r = 0; r <= rows; r++) relations.push({ summands: Array.from({ length: columns }, (_, c) => at(r, c)), total: at(r, columns) });
  for (let c = 0; c <= columns; c++) relations.push({ summands: Array.from({ length: rows }, (_, r) => at(r, c)), total: at(rows, c) });
  return { values: grid.flat(), relations };
}

/** Rank of a small matrix by Gaussian elimination. */
function rank(matrix: number[][]): number {
  const m = matrix.map((r) => [...r]);
  let rankSoFar = 0;
  const width = m[0]?.length ?? 0;
  for (let col = 0; col < width && rankSoFar < m.length; col++) {
    let pivot = rankSoFar;
    while (pivot < m.length && Math.abs(m[pivot][col]) < 1e-9) pivot++;
    if (pivot === m.length) continue;
    [m[rankSoFar], m[pivot]] = [m[pivot], m[rankSoFar]];
    for (let r = 0; r < m.length; r++) {
      if (r === rankSoFar) continue;
      const factor = m[r][col] / m[rankSoFar][col];
      for (let c = col; c < width; c++) m[r][c] -= factor * m[rankSoFar][c];
    }
    rankSoFar++;
  }
  return rankSoFar;
}

/**
 * Withheld cells the shown cells determine exactly by linear algebra: x is determined when
 * dropping its column lowers the rank of the system on the withheld cells.
 */
function determinedByEquations(values: number[], relations: Relation[], suppression: Suppression[]): number[] {
  const hidden = suppression.flatMap((s, i) => (s === "shown" ? [] : [i]));
  const coefficients = relations.map((relation) =>
    hidden.map((cell) => (relation.summands.includes(cell) ? 1 : relation.total === cell ? -1 : 0)),
  );
  const full = rank(coefficients);
  return hidden.filter((_, j) => rank(coefficients.map((row) => row.filter((_, k) => k !== j))) < full);
}

/** Withheld cells one relation and the known ranges leave exactly one value for. */
function determinedByRanges(values: number[], relations: Relation[], suppression: Suppression[]): number[] {
  const found: number[] = [];
  for (const relation of relations) {
    const terms = [...relation.summands.map((cell) => ({ cell, sign: 1 })), { cell: relation.total, sign: -1 }];
    const hidden = terms.filter((t) => suppression[t.cell] !== "shown");
    if (!hidden.length) continue;
    const rest = -terms.filter((t) => suppression[t.cell] === "shown").reduce((s, t) => s + t.sign * values[t.cell], 0);
    for (const term of hidden) {
      const [lo, hi] = knownRange(suppression[term.cell]);
      const possible = [];
      for (let v = lo; v <= Math.min(hi, lo + 20_000); v++) {
        // Can the other withheld cells make up the rest? Their signed sums form an interval.
        let min = 0;
        let max = 0;
        for (const other of hidden) {
          if (other === term) continue;
          const [a, b] = knownRange(suppression[other.cell]);
          min += other.sign > 0 ? a : -b;
          max += other.sign > 0 ? b : -a;
        }
        const needed = rest - term.sign * v;
        if (needed >= min && needed <= max) possible.push(v);
        if (possible.length > 1) break;
      }
      if (possible.length < 2) found.push(term.cell);
    }
  }
  return found;
}

// Mostly small counts, so that tables have plenty to suppress.
const count = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) },
  { weight: 2, arbitrary: fc.integer({ min: 5, max: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 400 }) },
);

const interiors = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
  .chain(([rows, columns]) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }));

describe("secondary suppression, over random tables with row and column totals", () => {
  it("withholds every count from 1 to 4, never a 0, and leaves no withheld cell to be worked out", () => {
    fc.assert(
      fc.property(interiors, (interior) => {
        const { values, relations } = tableWithTotals(interior);
        const suppression = suppressTable(values, relations);
        values.forEach((v, i) => {
          if (v >= 1 && v <= 4) expect(suppression[i]).toBe("small");
          if (v === 0) expect(suppression[i]).toBe("shown");
          if (v >= 5) expect(suppression[i]).not.toBe("small");
        });
        expect(determinedByEquations(values, relations, suppression)).toEqual([]);
        expect(determinedByRanges(values, relations, suppression)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("does the same for a single column with its total", () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 12 }), (cells) => {
        const [values, relations] = column(cells);
        const suppression = suppressTable(values, relations);
        values.forEach((v, i) => {
          if (v >= 1 && v <= 4) expect(suppression[i]).toBe("small");
          if (v === 0) expect(suppression[i]).toBe("shown");
        });
        expect(determinedByEquations(values, relations, suppression)).toEqual([]);
        expect(determinedByRanges(values, relations, suppression)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
