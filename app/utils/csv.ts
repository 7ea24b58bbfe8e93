// CSV in and out: the one reader and the one writer every upload and download goes through.
//
// Writing: every text cell is quoted (RFC 4180) and numbers are left bare. A spreadsheet runs a
// cell as a formula when it starts with = + - @, a tab or a carriage return, and a spreadsheet
// whose list separator is ';' (or that splits on tabs, commas or '|') starts a new cell after
// each of those: so such a character at the start of a cell, or right after one of those
// separators or a line break, gets an apostrophe in front ('=1+1), which shows the text as typed.
//
// Reading: csv-parse, strictly enough that an unclosed quote is an error naming its line. The
// apostrophes the writer adds come off again, so a file Pathway wrote reads back exactly as
// its cells were (a template downloaded and uploaded unchanged applies as it is).
import { CsvError, parse } from "csv-parse/sync";

export type CsvCell = string | number | null | undefined;

// One apostrophe before any run of apostrophes that ends in a formula character, where a cell
// may start; the run is part of the pattern so that text already starting with ' reads back.
const GUARD_AT = /(?<=^|[,;|\t\r\n])(?='*[=+\-@\t\r])/g;
const GUARD = /(?<=^|[,;|\t\r\n])'(?='*[=+\-@\t\r])/g;

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

export type ParsedCsv = { ok: true; rows: string[][] } | { ok: false; line: number; problem: string };

/** RFC 4180 CSV (comma-separated, quoted or not, CRLF, LF or CR, a byte-order mark dropped). */
export function parseCsv(text: string): ParsedCsv {
  let lastCompleteLine = 0;
  try {
    const rows: string[][] = parse(text, {
      bom: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (5" tall) is kept as typed; a cell that opens with one
      // must still close it.
      relax_quotes: true,
      skip_empty_lines: false,
      // Any line ending, even mixed in one file (csv-parse would otherwise keep to the first).
      record_delimiter: ["\r\n", "\n", "\r"],
      on_record: (record: string[], context) => {
        lastCompleteLine = context.lines;
        return record;
      },
    });
    return { ok: true, rows: rows.map((row) => row.map((value) => value.replace(GUARD, ""))) };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = lastCompleteLine + 1;
    const problem =
      error.code === "CSV_QUOTE_NOT_CLOSED"
        ? `A quotation mark (") opens a cell on line ${line} and is never closed, so the file cannot be read past it. Close the quotation mark or remove it, and upload the file again.`
        : `The file cannot be read as CSV at line ${line}: ${error.message}`;
    return { ok: false, line, problem };
  }
}
