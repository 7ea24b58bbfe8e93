// A figure table as CSV: the column names, then a row of definitions, then the figures exactly
// as the page shows them after disclosure control. Cells that a spreadsheet would read as a
// formula are neutralised.
import { csvText } from "~/utils/csv";
import { DISCLOSURE_RULE } from "../disclosure";
import type { FigureTable } from "./figure-table";

function columnHeading(column: FigureTable["columns"][number]) {
  if (column.kind === "rate") return `${column.label} (%)`;
  if (column.kind === "statistic") return `${column.label} (${column.unit})`;
  return column.label;
}

export function figureTableCsv(table: FigureTable, context: { period: string; areas: string }): string {
  return csvText([
    [table.rowHeading, ...table.columns.map(columnHeading)],
    [
      `Definitions. ${table.title}: ${table.definition} Period: ${context.period}. Areas: ${context.areas}. ${DISCLOSURE_RULE.join(" ")}`,
      ...table.columns.map((c) => c.definition),
    ],
    ...table.rows.map((row) => [
      row.label,
      ...table.columns.map((column) => {
        const cell = row.cells[column.key];
        if (cell.status !== "shown") return cell.text;
        return column.kind === "statistic" && column.unit === "minutes" ? Math.round(cell.value) : cell.value;
      }),
    ]),
  ]);
}

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}
