// CSV out: the one writer every download goes through (the one reader is csv-read.server.ts).
//
// Writing: every text cell is quoted (RFC 4180) and numbers are left bare. A spreadsheet runs a
// cell as a formula when it starts with = + - @, a tab or a carriage return, and a spreadsheet
// whose list separator is ';' (or that splits on tabs, commas or '|') starts a new cell after
// each of those: so such a character at the start of a cell, or right after one of those
// separators or a line break, gets an apostrophe in front ('=1+1), which shows the text as typed.
//
// The reader takes exactly those apostrophes off again, so a file Pathway wrote reads back as its
// cells were (a template downloaded and uploaded unchanged applies as it is).

export type CsvCell = string | number | null | undefined;

// One apostrophe before any run of apostrophes that ends in a formula character, where a cell
// may start; the run is part of the pattern so that text already starting with ' reads back.
const GUARD_AT = /(?<=^|[,;|\t\r\n])(?='*[=+\-@\t\r])/g;
/** The apostrophe the writer put in, for the reader (csv-read.server.ts) to take off again. */
export const GUARD = /(?<=^|[,;|\t\r\n])'(?='*[=+\-@\t\r])/g;

function textCell(text: string): string {
  return `"${text.replace(GUARD_AT, "'").replace(/"/g, '""')}"`;
}

function cell(value: CsvCell): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : textCell(String(value));
  return textCell(value ?? "");
}

/** A whole file: a line per row, each ended with CRLF. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(cell).join(",")}\r\n`).join("");
}
