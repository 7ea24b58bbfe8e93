// The one CSV reader and the one CSV writer every upload and download goes through.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvText } from "~/utils/csv";
import { parseCsv } from "~/utils/csv-read.server";

const rowsOf = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.rows;
};

describe("reading CSV", () => {
  it("handles quotes, commas and line breaks inside quotes, CRLF, LF and a byte-order mark", () => {
    expect(rowsOf('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\nlast,line')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"\nthere'],
      ["last", "line"],
    ]);
  });

  it("an unclosed quote is an error naming the line it opens on, not the rest of the file swallowed", () => {
    const parsed = parseCsv('id,note\r\none,"fine"\r\ntwo,"never closed\r\nthree,x\r\nfour,y\r\n');
    expect(parsed).toMatchObject({ ok: false, line: 3 });
    expect(!parsed.ok && parsed.problem).toMatch(/line 3/);
    expect(!parsed.ok && parsed.problem).toMatch(/quotation mark/);
  });

  it("counts lines inside quoted cells when naming the line", () => {
    const parsed = parseCsv('id,note\n1,"two\nlines"\n2,"open\n3,x\n');
    expect(parsed).toMatchObject({ ok: false, line: 4 });
  });
});

describe("writing CSV", () => {
  it("quotes every text cell and leaves numbers bare", () => {
    expect(
      csvText([
        ["Centre", "Referrals"],
        ["Northfirth", 12],
        ["Kelmoor, East", -3],
      ]),
    ).toBe('"Centre","Referrals"\r\n"Northfirth",12\r\n"Kelmoor, East",-3\r\n');
    expect(csvText([[null, undefined, 'say "hi"']])).toBe('"","","say ""hi"""\r\n');
  });

  it("neutralises a formula at the start of a cell and after any separator a spreadsheet may split on", () => {
    expect(csvText([["=HYPERLINK(1)", "+1", "-uHFFMZAF_67wcJ3", "@SUM(A1)", "\tx", "\rx"]])).toBe(
      `"'=HYPERLINK(1)","'+1","'-uHFFMZAF_67wcJ3","'@SUM(A1)","'\tx","'\rx"\r\n`,
    );
    // Where Excel's list separator is ';' (or the file is read as tab- or comma-separated).
    expect(csvText([["Firth;=1+1"]])).toBe(`"Firth;'=1+1"\r\n`);
    expect(csvText([["a,-2+3", "b\t@x", "c|=d", "e\n+f"]])).toBe(`"a,'-2+3","b\t'@x","c|'=d","e\n'+f"\r\n`);
    // Ordinary text with those characters inside is left alone.
    expect(csvText([["2026-03-14", "a - b", "x@example.org", "1+1"]])).toBe(
      '"2026-03-14","a - b","x@example.org","1+1"\r\n',
    );
  });
});

describe("the reader accepts what the writer writes", () => {
  it("guarded cells read back as they were written", () => {
    const rows = [["-uHFFMZAF_67wcJ3", "=1+1", "Firth;=1+1", "'=already guarded", "it's", "''-x"]];
    expect(rowsOf(csvText(rows))).toEqual(rows);
  });

  it("any text round-trips exactly", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.stringOf(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", ";", ",", "|", "'", '"', "a", " ")),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(rowsOf(csvText(rows))).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
