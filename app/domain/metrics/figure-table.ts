// A table of figures as commissioners see it: raw counts go in, and what comes out has been
// through the disclosure rule, so the page, the charts and the CSV all show the same cells and
// no withheld number ever leaves the server.
import { countCell, rateCell, statisticCell, suppressTable, type Cell, type Relation } from "../disclosure";

export type ColumnSpec = { key: string; label: string; definition: string; hiddenOnPage?: boolean } & (
  | { kind: "count" }
  | { kind: "rate"; numerator: string; denominator: string | string[] }
  | { kind: "statistic"; basis: string; unit: "minutes" | "days" }
);

export type RawRow = { key: string; label: string; values: Record<string, number | null> };

export type TableSpec = {
  id: string;
  title: string;
  definition: string;
  /** What the first column holds: "Custody centre", "Month", "Reason". */
  rowHeading: string;
  columns: ColumnSpec[];
  rows: RawRow[];
  /** The row for everything selected; when the rows add up to it, secondary suppression uses that. */
  total: RawRow | null;
  /** False where the rows do not add up to the total (each row a different stage, say). */
  rowsAddUp?: boolean;
  /** Within each row, these count columns add up to `total`. */
  parts?: { total: string; parts: string[] }[];
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

/** A denominator made of several count columns is shown only when each of them is. */
function sumOf(counts: Record<string, { raw: number; cell: Cell }>, keys: string | string[]) {
  const parts = (Array.isArray(keys) ? keys : [keys]).map((k) => counts[k]);
  const raw = parts.reduce((sum, p) => sum + p.raw, 0);
  return { raw, cell: parts.every((p) => p.cell.status === "shown") ? countCell(raw, "shown") : parts.find((p) => p.cell.status !== "shown")!.cell };
}

export function formatMinutes(minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 60) return `${rounded} min`;
  const hours = Math.floor(rounded / 60);
  if (hours < 48) return rounded % 60 ? `${hours} h ${rounded % 60} min` : `${hours} h`;
  return `${Math.round(rounded / 1440)} days`;
}

export const formatDays = (days: number) => `${Number.isInteger(days) ? days : days.toFixed(1)} day${days === 1 ? "" : "s"}`;

/**
 * The first `limit` rows and the total, for a long breakdown on the page: every custody centre in
 * the UK is 128 rows in each of 16 tables. Cut after the disclosure rule, so what shows is what
 * the whole table shows.
 */
export function firstRowsOf(table: FigureTable, limit: number): FigureTable {
  const rows = table.rows.filter((r) => !r.isTotal);
  if (rows.length <= limit) return table;
  return { ...table, rows: [...rows.slice(0, limit), ...table.rows.filter((r) => r.isTotal)], rowsLeftOff: rows.length - limit };
}

/** Applies the disclosure rule to a table of raw figures. */
export function discloseTable(spec: TableSpec): FigureTable {
  const allRows = spec.total ? [...spec.rows, spec.total] : spec.rows;
  const countColumns = spec.columns.filter((c) => c.kind === "count").map((c) => c.key);

  // Every count gets an index, row by row; relations say which add up to which.
  const columnAt = new Map(countColumns.map((column, c) => [column, c]));
  const indexOf = (r: number, column: string) => r * countColumns.length + columnAt.get(column)!;
  const values = allRows.flatMap((row) => countColumns.map((column) => row.values[column] ?? 0));
  const relations: Relation[] = [];
  const totalIndex = allRows.length - 1;
  if (spec.total && spec.rows.length > 0 && spec.rowsAddUp !== false) {
    for (const column of countColumns) {
      relations.push({
        summands: spec.rows.map((_, r) => indexOf(r, column)),
        total: indexOf(totalIndex, column),
      });
    }
  }
  for (const part of spec.parts ?? []) {
    allRows.forEach((_, r) => {
      relations.push({ summands: part.parts.map((p) => indexOf(r, p)), total: indexOf(r, part.total) });
    });
  }
  const suppression = suppressTable(values, relations);

  const rows = allRows.map((row, r): FigureRow => {
    const counts: Record<string, { raw: number; cell: Cell }> = {};
    for (const column of countColumns) {
      const i = indexOf(r, column);
      counts[column] = { raw: values[i], cell: countCell(values[i], suppression[i]) };
    }
    const cells: Record<string, Cell> = {};
    for (const column of spec.columns) {
      if (column.kind === "count") cells[column.key] = counts[column.key].cell;
      else if (column.kind === "rate") cells[column.key] = rateCell(counts[column.numerator].cell, sumOf(counts, column.denominator));
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
    note: spec.note,
  };
}
