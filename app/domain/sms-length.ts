// How many SMS a text is sent as. A text in the GSM 03.38 alphabet (GSM-7) fits 160 characters
// in one message, or 153 a part once split (each part carries a header to join them up); one
// character outside it (an emoji, a curly quote, most accents) sends the whole text as UCS-2:
// 70 in one message, 67 a part. GSM-7's extension characters (€ [ ] { } | ^ ~ \) take two
// places and never straddle two parts; neither does a UCS-2 surrogate pair. Pure.

const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENSION = "^{}\\[~]|€\f";
const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export type SmsLength = {
  encoding: "GSM-7" | "UCS-2";
  /** Characters as the phone counts them: GSM-7 places (extension characters count 2) or UTF-16 units. */
  units: number;
  fragments: number;
  /** Characters outside GSM-7 that made the text UCS-2 (first few), to show the writer. */
  nonGsmCharacters: string[];
};

export function smsLength(text: string): SmsLength {
  const chars = [...text];
  const nonGsm = chars.filter((c) => !basic.has(c) && !extension.has(c));
  if (nonGsm.length === 0) {
    const widths = chars.map((c) => (extension.has(c) ? 2 : 1));
    return { encoding: "GSM-7", ...split(widths, 160, 153), nonGsmCharacters: [] };
  }
  const widths = chars.map((c) => c.length);
  return { encoding: "UCS-2", ...split(widths, 70, 67), nonGsmCharacters: [...new Set(nonGsm)].slice(0, 5) };
}

/** Units and parts: one part up to `single`, else parts of `part`, never splitting one character. */
function split(widths: number[], single: number, part: number): { units: number; fragments: number } {
  const units = widths.reduce((sum, w) => sum + w, 0);
  if (units === 0) return { units, fragments: 0 };
  if (units <= single) return { units, fragments: 1 };
  let fragments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > part) {
      fragments += 1;
      used = 0;
    }
    used += w;
  }
  return { units, fragments };
}
