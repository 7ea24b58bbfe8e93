// UK phone numbers as people read them and as a phone dials them.
import { parsePhoneNumberFromString } from "libphonenumber-js";
// The mobile-only metadata: a number is valid only when it is a mobile (campaign lists).
import { parsePhoneNumberFromString as parseMobile } from "libphonenumber-js/mobile";

/** "07700900456" → { display: "07700 900456", href: "tel:+447700900456" }; unknown shapes are shown as stored. */
export function phoneLink(stored: string): { display: string; href: string } {
  const parsed = parsePhoneNumberFromString(stored, "GB");
  if (!parsed?.isPossible()) return { display: stored, href: `tel:${stored.replace(/[^\d+]/g, "")}` };
  return { display: parsed.formatNational(), href: parsed.getURI() };
}

// ---------------------------------------------------------------- lists of numbers (outreach campaigns)

/**
 * A number a text can go to, in E.164 ("+447700900123"), or null. UK numbers are mobiles when
 * their national number starts with 7 and is ten digits long — but not 70 (personal numbers) or
 * 76 (pagers, except 7624 on the Isle of Man); Ofcom's drama range 07700 900xxx counts, so
 * tests and demos can use it. Other countries' numbers must be valid mobiles by their own plans.
 */
export function mobileE164(raw: string): string | null {
  const cleaned = raw.trim();
  if (!cleaned || cleaned.length > 40 || !/\d/.test(cleaned)) return null;
  // The usual shapes of a UK mobile, without the parser (a list of 10,000 reads in milliseconds).
  const uk = /^(?:(?:\+44|0044|44)0?|0)(7\d{9})$/.exec(cleaned.replace(/[\s().-]/g, ""));
  if (uk) return isUkMobile(uk[1]) ? `+44${uk[1]}` : null;
  // "0044…" and "44…" written without the plus, as spreadsheets often leave them.
  const withPlus = /^00[1-9]/.test(cleaned)
    ? `+${cleaned.slice(2)}`
    : /^44\d{10}$/.test(cleaned.replace(/[\s().-]/g, ""))
      ? `+${cleaned}`
      : cleaned;
  let parsed;
  try {
    parsed = parseMobile(withPlus, "GB");
  } catch {
    return null;
  }
  if (!parsed?.isPossible()) return null;
  if (parsed.country === "GB" || parsed.countryCallingCode === "44") {
    return isUkMobile(parsed.nationalNumber) ? parsed.number : null;
  }
  return parsed.isValid() && parsed.getType() === "MOBILE" ? parsed.number : null;
}

const isUkMobile = (national: string) =>
  /^7\d{9}$/.test(national) &&
  !national.startsWith("70") &&
  (!national.startsWith("76") || national.startsWith("7624"));

export type NumberLine = { line: number; raw: string };

/**
 * The numbers in an uploaded file: TXT with one number a line (or several, separated by commas
 * or semicolons), or CSV whose header row names a phone column ("phone", "mobile", "number"…),
 * else every cell. Blank cells are skipped; each number keeps its line for the summary.
 */
export function numbersInFile(rows: string[][]): NumberLine[] {
  const header = rows[0] ?? [];
  const isHeading = (cell: string) =>
    /^(phone|mobile|tel|telephone|msisdn|number|phone number|mobile number|numbers?)$/i.test(cell.trim());
  const column = header.findIndex(isHeading);
  const found: NumberLine[] = [];
  const start = column >= 0 ? 1 : 0;
  for (let i = start; i < rows.length; i++) {
    const cells = column >= 0 ? [rows[i][column] ?? ""] : rows[i].flatMap((cell) => cell.split(";"));
    for (const cell of cells) {
      const raw = cell.trim();
      if (raw) found.push({ line: i + 1, raw });
    }
  }
  return found;
}
