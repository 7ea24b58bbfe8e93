// What a person searching for a case may type: name, date of birth, custody reference or
// Pathway reference. Terms arrive in a POST body only (never the address bar or logs).
import { z } from "zod";
import { optionalText } from "~/utils/forms";

const part = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const searchSchema = z
  .object({
    name: optionalText(100),
    dobDay: part(2),
    dobMonth: part(2),
    dobYear: part(4),
    custodyReference: optionalText(40),
    // The outcome template guards ids against spreadsheet formulas with a leading apostrophe.
    pathwayReference: optionalText(64).transform((v) => v?.replace(/^'/, "") || undefined),
  })
  .transform((terms, ctx) => {
    let dateOfBirth: string | undefined;
    if (terms.dobDay || terms.dobMonth || terms.dobYear) {
      const [d, m, y] = [terms.dobDay, terms.dobMonth, terms.dobYear].map((v) => Number(v));
      const date = new Date(Date.UTC(y, m - 1, d));
      const valid =
        Number.isInteger(d) &&
        Number.isInteger(m) &&
        Number.isInteger(y) &&
        y >= 1900 &&
        date.getUTCDate() === d &&
        date.getUTCMonth() === m - 1;
      if (!valid) {
        ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "Enter a real date of birth, like 1 12 1979" });
        return z.NEVER;
      }
      dateOfBirth = date.toISOString().slice(0, 10);
    }
    const { name, custodyReference, pathwayReference } = terms;
    if (name !== undefined && name.replace(/[^\p{L}]/gu, "").length < 2) {
      ctx.addIssue({ code: "custom", path: ["name"], message: "Enter at least two letters of the name" });
      return z.NEVER;
    }
    if (!name && !dateOfBirth && !custodyReference && !pathwayReference) {
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: "Enter a name, date of birth, custody reference or Pathway reference",
      });
      return z.NEVER;
    }
    return { name, dateOfBirth, custodyReference, pathwayReference };
  });

/** At most this many results, newest first. */
export const SEARCH_LIMIT = 50;

export type SearchTerms = z.infer<typeof searchSchema>;
