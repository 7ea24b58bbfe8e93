// Reading CSV: csv-parse, strictly enough that an unclosed quote is an error naming its line. The
// apostrophes csv.ts's writer adds come off again, so a file Pathway wrote reads back exactly as
// its cells were. Server-only: csv-parse needs Node's Buffer, which no browser bundle has.
import { CsvError, parse } from "csv-parse/sync";
import { GUARD } from "./csv";

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
