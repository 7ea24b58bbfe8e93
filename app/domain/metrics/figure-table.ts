// A table of figures as commissioners see it: raw counts and their cell keys go in, and what comes
// out has been through the disclosure rule, so the page, the charts and the CSV all show the same
// cells and no true count ever leaves the server.
import { countCell, rateCell, statisticCell, type Cell } from "../disclosure";
import { keyOf } from "./scope.server";

export type ColumnSpec = { key: string; label: string; definition: string; hiddenOnPage?: boolean } & (
  | { kind: "count" }
  | { kind: "rate"; numerator: string; denominator: string | string[] }
  | { kind: "statistic"; basis: string; unit: "minutes" | "days" }
);

/** A row's true values; each count column `c` has its cell key in `values[c + "_key"]`. */
export type RawRow = { key: string; label: string; values: Record<string, number | null> };

export type TableSpec = {
  id: string;
  title: string;
  definition: string;
  /** What the first column holds: "Custody centre", "Month", "Reason". */
  rowHeading: string;
  columns: ColumnSpec[];
  rows: RawRow[];
  /** The row for everything selected (perturbed as a cell of its own, so rows need not add up to it). */
  total: RawRow | null;
  note?: string;
};

export type FigureColumn = {
  key: string;
  label: string;
  definition: string;
  kind: ColumnSpec["kind"];
  unit?: "minutes" | "days";
  hiddenOnPage: boolean;
};

export type FigureRow = { key: string; label: string; isTotal: boolean; cells: Record<string, Cell> };

export type FigureTable = {
  id: string;
  title: string;
  definition: string;
  rowHeading: string;
  columns: FigureColumn[];
  rows: FigureRow[];
  note?: string;
  /** Rows left off a long breakdown on the page (the CSV and the report have every row). */
  rowsLeftOff?: number;
};

/** A denominator made of several count columns: their perturbed values added up. */
function sumOf(counts: Record<string, Cell>, keys: string | string[]): Cell {
  const parts = (Array.isArray(keys) ? keys : [keys]).map((k) => counts[k]);
  if (parts.length === 1) return parts[0];
  const value = parts.reduce((sum, p) => sum + (p.value ?? 0), 0);
  return { status: "shown", value, text: String(value) };
}

export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  const hours = Math.floor(rounded / 60);
  if (hours < 48) return rounded % 60 ? `${hours} h ${rounded % 60} min` : `${hours} h`;
  return `${Math.round(rounded / 1440)} days`;
}

export const formatDays = (days: number) =>
  `${Number.isInteger(days) ? days : days.toFixed(1)} day${days === 1 ? "" : "s"}`;

/** A count's cell key: it must travel with the count, or the count could not be protected. */
function cellKeyOf(row: RawRow, column: string): number {
  const key = row.values[keyOf(column)];
  if (typeof key !== "number") throw new Error(`No cell key for ${column} in row ${row.key}`);
  return key;
}

/**
 * Applies the disclosure rule to a table of raw figures. With `firstRows`, a long breakdown (every
 * custody centre in the UK is 128 rows in each of 16 tables) keeps its first rows and the total,
 * for the page: each row is disclosed on its own, so what shows is what the whole table shows.
 */
export function discloseTable(spec: TableSpec, firstRows?: number): FigureTable {
  const kept = firstRows !== undefined && spec.rows.length > firstRows ? spec.rows.slice(0, firstRows) : spec.rows;
  const allRows = spec.total ? [...kept, spec.total] : kept;
  const rows = allRows.map((row): FigureRow => {
    const counts: Record<string, Cell> = {};
    for (const column of spec.columns) {
      if (column.kind === "count")
        counts[column.key] = countCell(row.values[column.key] ?? 0, cellKeyOf(row, column.key));
    }
    const cells: Record<string, Cell> = {};
    for (const column of spec.columns) {
      if (column.kind === "count") cells[column.key] = counts[column.key];
      else if (column.kind === "rate")
        cells[column.key] = rateCell(counts[column.numerator], sumOf(counts, column.denominator));
      else {
        const format = column.unit === "minutes" ? formatMinutes : formatDays;
        cells[column.key] = statisticCell(row.values[column.key] ?? null, counts[column.basis], format);
      }
    }
    return { key: row.key, label: row.label, isTotal: row === spec.total, cells };
  });

  return {
    id: spec.id,
    title: spec.title,
    definition: spec.definition,
    rowHeading: spec.rowHeading,
    columns: spec.columns.map((c) => ({
      key: c.key,
      label: c.label,
      definition: c.definition,
      kind: c.kind,
      unit: c.kind === "statistic" ? c.unit : undefined,
      hiddenOnPage: c.hiddenOnPage ?? false,
    })),
    rows,
    ...(kept.length < spec.rows.length ? { rowsLeftOff: spec.rows.length - kept.length } : {}),
    note: spec.note,
  };
}
