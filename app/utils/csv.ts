// CSV in and out, for every upload and download: RFC 4180 quoting, and cells a spreadsheet
// would run as a formula (= + - @, tab, carriage return) made plain text with a leading '.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: (string | number)[]) => fields.map(csvField).join(",");

/** A whole file: one line per row, each ended with CRLF. */
export const csvText = (rows: (string | number)[][]) => rows.map((row) => `${csvLine(row)}\r\n`).join("");

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes; a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let inQuotes = false;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (inQuotes) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else field += c;
    } else if (c === '"' && field === "") inQuotes = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
