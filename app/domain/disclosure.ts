// Disclosure control: the one rule that decides which figures commissioners may see, applied
// alike to the dashboard, its charts, the printable report and every CSV export. The method is
// cell-key perturbation (decision 013), as in the ABS TableBuilder, DWP Stat-Xplore and the 2021
// census of England and Wales:
//
// 1. Every record a count counts (an offer, a referral, an assessment, an onward referral, a
//    centre-month of custody figures) carries a fixed random record key in [0, RECORD_KEY_RANGE).
// 2. A cell's key is the sum of its records' keys: the same people give the same cell key in
//    every table, period and breakdown, and keys add up like counts (the monthly figures keep them).
// 3. The perturbation table turns (true count, cell key) into the count shown: never more than
//    MAX_NOISE away, 0 where it is 0, never 1 to SMALL_COUNT_MAX, never negative, and on average
//    the true count for every true count. Totals are cells in their own right.
// 4. Rates come from the perturbed counts; a median or percentile is shown only when its perturbed
//    count is at least STATISTIC_MIN_COUNT. With nothing to divide by: "no data".

export const WITHHELD_TEXT = "[c]";
export const NO_DATA_TEXT = "no data";
/** Counts from 1 up to this are never shown: they appear as 0 or as SMALL_COUNT_MAX + 1 or more. */
export const SMALL_COUNT_MAX = 4;
/** The most a shown count differs from the true one. */
export const MAX_NOISE = 4;
/** Record keys are whole numbers from 0 to RECORD_KEY_RANGE − 1 (the migration's 1048576). */
export const RECORD_KEY_RANGE = 1048576;
/** A median or percentile rests on at least this many (shown) people: at least 6 in truth. */
export const STATISTIC_MIN_COUNT = 10;

export const DISCLOSURE_RULE = [
  `So that no person can be identified, every count has been changed by a small amount, at most ${MAX_NOISE} up or down, and counts from 1 to ${SMALL_COUNT_MAX} are never shown (they appear as 0 or ${SMALL_COUNT_MAX + 1} or more). The same people always give the same count, in every table, period and area, so comparing tables shows noise, not people.`,
  `Totals are changed in the same way on their own, so the rows of a table may not add up exactly to its total, and a total may differ a little from the sum shown elsewhere.`,
  `Rates are worked out from the changed counts. A median or percentile is shown only where at least ${STATISTIC_MIN_COUNT} people are counted (“${WITHHELD_TEXT}” otherwise). Where there is nothing to divide by, the figure is “${NO_DATA_TEXT}”.`,
] as const;

/** A figure as it may leave the server: the value only when it can be shown. */
export type Cell =
  | { status: "shown"; value: number; text: string }
  | { status: "withheld"; value: null; text: typeof WITHHELD_TEXT }
  | { status: "no-data"; value: null; text: typeof NO_DATA_TEXT };

const countFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

export const withheldCell = (): Cell => ({ status: "withheld", value: null, text: WITHHELD_TEXT });
export const noDataCell = (): Cell => ({ status: "no-data", value: null, text: NO_DATA_TEXT });

// ------------------------------------------------------------------ the perturbation table

/**
 * The perturbation table's row for a true count: each count that may be shown, with its
 * probability. Small counts 1…js go to 0 or js+1 (probabilities that keep the mean); larger counts
 * spread symmetrically (most weight near the truth) as far as D allows without reaching js or
 * below, so the mean is the true count.
 */
export function perturbationRow(count: number): { shown: number; p: number }[] {
  const js = SMALL_COUNT_MAX;
  if (count <= 0) return [{ shown: 0, p: 1 }];
  if (count <= js) {
    const up = count / (js + 1);
    return [
      { shown: 0, p: 1 - up },
      { shown: js + 1, p: up },
    ];
  }
  const k = Math.min(MAX_NOISE, count - (js + 1));
  // Weights (k + 1 − |d|)²: the largest changes are rare (1 in 85 each way at D = 4), and it takes
  // two of them, in opposite directions on two cells, for a difference to narrow a cell down.
  const weight = (d: number) => (k + 1 - Math.abs(d)) ** 2;
  let total = 0;
  for (let d = -k; d <= k; d++) total += weight(d);
  // In order of distance from the truth (the order is arbitrary: keys are uniform), so that a
  // cell key of 0 shows the true count: tests with every record key 0 read figures unchanged.
  const row = [{ shown: count, p: weight(0) / total }];
  for (let d = 1; d <= k; d++)
    row.push({ shown: count - d, p: weight(d) / total }, { shown: count + d, p: weight(d) / total });
  return row;
}

const rows = new Map<number, { shown: number; upTo: number }[]>();
function cumulativeRow(count: number) {
  let row = rows.get(count);
  if (!row) {
    let upTo = 0;
    row = perturbationRow(count).map(({ shown, p }) => ({ shown, upTo: (upTo += p) }));
    row[row.length - 1].upTo = 1;
    if (rows.size < 10_000) rows.set(count, row);
  }
  return row;
}

/** Where a cell key falls in [0, 1): the sum of record keys, modulo the range. */
export const cellKeyPosition = (cellKey: number) =>
  (((cellKey % RECORD_KEY_RANGE) + RECORD_KEY_RANGE) % RECORD_KEY_RANGE) / RECORD_KEY_RANGE;

/** The count shown for a true count whose records' keys add up to `cellKey`. */
export function perturbedCount(count: number, cellKey: number): number {
  const u = cellKeyPosition(cellKey);
  const row = cumulativeRow(count);
  for (const { shown, upTo } of row) if (u < upTo) return shown;
  return row[row.length - 1].shown;
}

/** A count cell, perturbed by its cell key. */
export function countCell(count: number, cellKey: number): Cell {
  const value = perturbedCount(count, cellKey);
  return { status: "shown", value, text: countFormat.format(value) };
}

/**
 * A percentage from two perturbed counts, kept to one decimal place. A part can come out above
 * its whole after both are perturbed; the rate is then 100%.
 */
export function rateCell(numerator: Cell, denominator: Cell): Cell {
  if (denominator.status === "no-data" || denominator.value === 0) return noDataCell();
  if (numerator.status !== "shown" || denominator.status !== "shown") return withheldCell();
  const value = Math.round(Math.min(1, numerator.value / denominator.value) * 1000) / 10;
  return { status: "shown", value, text: `${value.toFixed(1)}%` };
}

/**
 * A statistic of a set of people (a median, a percentile): shown only when the perturbed count
 * of them is at least STATISTIC_MIN_COUNT, so that it never describes one or two people.
 */
export function statisticCell(value: number | null, basis: Cell, format: (v: number) => string): Cell {
  if (value === null || !Number.isFinite(value) || basis.status === "no-data" || basis.value === 0) return noDataCell();
  if (basis.status !== "shown" || basis.value < STATISTIC_MIN_COUNT) return withheldCell();
  return { status: "shown", value, text: format(value) };
}
