// Disclosure control: the one rule that decides which figures commissioners may see, applied
// alike to the dashboard, its charts, the printable report and every CSV export.
//
// 1. A count from 1 to 4 is shown as "<5" (primary suppression); 0 is shown.
// 2. In a table with totals, more cells are withheld (secondary suppression, shown as "[c]")
//    until no withheld cell can be worked out by subtracting shown cells from a total, whether
//    in one row or column or across several, and none is pinned down by the known ranges
//    ("<5" means 1 to 4; a withheld "[c]" cell is never 0 and never below 5).
// 3. A rate (or a median) whose numerator or denominator is withheld is withheld; with a
//    denominator of 0 there is no rate: "no data", never ∞ or NaN.

export const SMALL_COUNT_TEXT = "<5";
export const WITHHELD_TEXT = "[c]";
export const NO_DATA_TEXT = "no data";
/** Counts from 1 up to this are withheld. */
export const SMALL_COUNT_MAX = 4;

export const DISCLOSURE_RULE = [
  `Counts from 1 to ${SMALL_COUNT_MAX} are shown as “${SMALL_COUNT_TEXT}” so that no person can be identified; 0 is shown as 0.`,
  `Where a table has totals, one or more further cells are withheld and shown as “${WITHHELD_TEXT}”, so that a small number cannot be worked out by subtracting the other cells from a total.`,
  `A rate, median or percentile based on a withheld count is withheld too (“${WITHHELD_TEXT}”). Where there is nothing to divide by, the figure is “${NO_DATA_TEXT}”.`,
] as const;

export type Suppression = "shown" | "small" | "withheld";

/** A figure as it may leave the server: the value only when it can be shown. */
export type Cell =
  | { status: "shown"; value: number; text: string }
  | { status: "small"; value: null; text: typeof SMALL_COUNT_TEXT }
  | { status: "withheld"; value: null; text: typeof WITHHELD_TEXT }
  | { status: "no-data"; value: null; text: typeof NO_DATA_TEXT };

export const isSmallCount = (n: number) => n >= 1 && n <= SMALL_COUNT_MAX;

const countFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });

export function countCell(value: number, suppression: Suppression = isSmallCount(value) ? "small" : "shown"): Cell {
  if (suppression === "small") return { status: "small", value: null, text: SMALL_COUNT_TEXT };
  if (suppression === "withheld") return { status: "withheld", value: null, text: WITHHELD_TEXT };
  return { status: "shown", value, text: countFormat.format(value) };
}

export const withheldCell = (): Cell => ({ status: "withheld", value: null, text: WITHHELD_TEXT });
export const noDataCell = (): Cell => ({ status: "no-data", value: null, text: NO_DATA_TEXT });

/**
 * A percentage from two counts that have been through suppression. The value is kept to one
 * decimal place of a percentage.
 */
export function rateCell(numerator: Cell, denominator: { raw: number; cell: Cell }): Cell {
  if (denominator.raw === 0) return noDataCell();
  if (numerator.status !== "shown" || denominator.cell.status !== "shown") return withheldCell();
  const value = Math.round((numerator.value / denominator.raw) * 1000) / 10;
  return { status: "shown", value, text: `${value.toFixed(1)}%` };
}

/** A statistic of a set of people (a median, a percentile): shown only when the count of them is. */
export function statisticCell(value: number | null, basis: { raw: number; cell: Cell }, format: (v: number) => string): Cell {
  if (basis.raw === 0 || value === null || !Number.isFinite(value)) return noDataCell();
  if (basis.cell.status !== "shown") return withheldCell();
  return { status: "shown", value, text: format(value) };
}

// ------------------------------------------------------------------ secondary suppression

/** `summands` add up to `total` (indices into the table's cells). A cell is in at most two. */
export type Relation = { summands: readonly number[]; total: number };

/**
 * Which cells of a table are shown, small (primary) or withheld (secondary). `values` are the
 * true counts; `relations` say which cells add up to which totals.
 */
export function suppressTable(values: readonly number[], relations: readonly Relation[]): Suppression[] {
  const suppression: Suppression[] = values.map((v) => (isSmallCount(v) ? "small" : "shown"));
  const graph = buildGraph(values.length, relations);

  // Each pass withholds one more cell; a table has finitely many, so this ends.
  for (let guard = 0; guard <= values.length; guard++) {
    const exposed = findExposedCell(values, relations, graph, suppression);
    if (!exposed) return suppression;
    const next = chooseSecondaryCell(values, relations, graph, suppression, exposed);
    if (next === null) return suppression;
    suppression[next] = "withheld";
  }
  return suppression;
}

type Graph = {
  /** For each cell, the two relations it is in (or GROUND where it is in fewer). */
  ends: [number, number][];
  ground: number;
  /** How many relations a cell is the total of: totals are withheld last. */
  totalRank: number[];
};

function buildGraph(cellCount: number, relations: readonly Relation[]): Graph {
  const ground = relations.length;
  const memberships: number[][] = Array.from({ length: cellCount }, () => []);
  const totalRank = new Array<number>(cellCount).fill(0);
  relations.forEach((relation, index) => {
    for (const cell of relation.summands) memberships[cell].push(index);
    memberships[relation.total].push(index);
    totalRank[relation.total] += 1;
  });
  const ends = memberships.map((m): [number, number] => {
    if (m.length > 2) throw new Error("A cell can be in at most two relations (its row and its column).");
    return [m[0] ?? ground, m[1] ?? ground];
  });
  return { ends, ground, totalRank };
}

type Exposure = { cell: number } & ({ kind: "bridge"; sides: Set<number> } | { kind: "range"; relation: number });

const isHidden = (s: Suppression) => s !== "shown";

/**
 * A withheld cell that could be worked out: either by subtraction across the table (in the
 * graph whose vertices are relations and whose edges are withheld cells, a cell lies on no
 * cycle), or within one relation from the ranges the other withheld cells must lie in.
 */
export function findExposedCell(
  values: readonly number[],
  relations: readonly Relation[],
  graph: Graph,
  suppression: readonly Suppression[],
): Exposure | null {
  const hidden = suppression.flatMap((s, i) => (isHidden(s) ? [i] : []));
  for (const cell of hidden) {
    const [a, b] = graph.ends[cell];
    if (a === b) continue; // in no relation: nothing to subtract from
    const reachable = reachWithout(graph, hidden, cell, a);
    if (!reachable.has(b)) return { cell, kind: "bridge", sides: reachable };
  }
  for (let r = 0; r < relations.length; r++) {
    const cell = pinnedByRange(values, relations[r], suppression);
    if (cell !== null) return { cell, kind: "range", relation: r };
  }
  return null;
}

function reachWithout(graph: Graph, edges: readonly number[], skipped: number, start: number): Set<number> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    const vertex = stack.pop()!;
    for (const edge of edges) {
      if (edge === skipped) continue;
      const [a, b] = graph.ends[edge];
      const other = a === vertex ? b : b === vertex ? a : null;
      if (other !== null && !seen.has(other)) {
        seen.add(other);
        stack.push(other);
      }
    }
  }
  return seen;
}

/** The range a withheld cell is known to lie in. */
export function knownRange(s: Suppression): [number, number] {
  return s === "small" ? [1, SMALL_COUNT_MAX] : [SMALL_COUNT_MAX + 1, Number.POSITIVE_INFINITY];
}

/** A withheld cell of `relation` whose value the relation and the known ranges leave no doubt about. */
function pinnedByRange(values: readonly number[], relation: Relation, suppression: readonly Suppression[]): number | null {
  const terms = [...relation.summands.map((cell) => ({ cell, sign: 1 })), { cell: relation.total, sign: -1 }];
  const unknown = terms.filter((t) => isHidden(suppression[t.cell]));
  if (!unknown.length) return null;
  // Σ sign·x over the withheld cells equals what the shown cells leave over.
  const known = -terms.filter((t) => !isHidden(suppression[t.cell])).reduce((sum, t) => sum + t.sign * values[t.cell], 0);
  for (const term of unknown) {
    let othersMin = 0;
    let othersMax = 0;
    for (const other of unknown) {
      if (other === term) continue;
      const [lo, hi] = knownRange(suppression[other.cell]);
      othersMin += other.sign > 0 ? lo : -hi;
      othersMax += other.sign > 0 ? hi : -lo;
    }
    const [lo, hi] = knownRange(suppression[term.cell]);
    const from = term.sign > 0 ? known - othersMax : othersMin - known;
    const to = term.sign > 0 ? known - othersMin : othersMax - known;
    const least = Math.max(lo, from);
    const most = Math.min(hi, to);
    if (most - least < 1) return term.cell;
  }
  return null;
}

function chooseSecondaryCell(
  values: readonly number[],
  relations: readonly Relation[],
  graph: Graph,
  suppression: readonly Suppression[],
  exposure: Exposure,
): number | null {
  const available = (cell: number) => !isHidden(suppression[cell]) && values[cell] > 0;
  const best = (cells: Iterable<number>) => {
    let chosen: number | null = null;
    for (const cell of cells) {
      if (!available(cell)) continue;
      if (
        chosen === null ||
        graph.totalRank[cell] < graph.totalRank[chosen] ||
        (graph.totalRank[cell] === graph.totalRank[chosen] && values[cell] < values[chosen])
      ) {
        chosen = cell;
      }
    }
    return chosen;
  };
  const cellsOf = (r: number) => (r === graph.ground ? [] : [...relations[r].summands, relations[r].total]);

  if (exposure.kind === "bridge") {
    // Any shown cell joining the two sides closes a cycle through the exposed cell.
    const crossing = values.map((_, i) => i).filter((i) => {
      const [a, b] = graph.ends[i];
      return exposure.sides.has(a) !== exposure.sides.has(b);
    });
    const chosen = best(crossing);
    if (chosen !== null) return chosen;
  } else {
    const chosen = best(cellsOf(exposure.relation));
    if (chosen !== null) return chosen;
  }
  const [a, b] = graph.ends[exposure.cell];
  return best([...cellsOf(a), ...cellsOf(b)]) ?? best(values.keys());
}
