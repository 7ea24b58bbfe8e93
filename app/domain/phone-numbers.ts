// UK phone numbers as people read them and as a phone dials them.
import { parsePhoneNumberFromString } from "libphonenumber-js";

/** "07700900456" → { display: "07700 900456", href: "tel:+447700900456" }; unknown shapes are shown as stored. */
export function phoneLink(stored: string): { display: string; href: string } {
  const parsed = parsePhoneNumberFromString(stored, "GB");
  if (!parsed?.isPossible()) return { display: stored, href: `tel:${stored.replace(/[^\d+]/g, "")}` };
  return { display: parsed.formatNational(), href: parsed.getURI() };
}
