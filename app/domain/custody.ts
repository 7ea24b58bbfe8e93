// What a custody officer records at booking: the offer of arrest referral and, when accepted,
// the person, the episode and their consent. The schema is the boundary: whatever a form or a
// script sends, nothing gets past it without a confirmed consent.
import { z } from "zod";
import { NEED_DOMAINS } from "#db/schema";
import { ukLocalToIso } from "~/utils/dates";
import { checkbox, checkboxes, optionalText, requiredText } from "~/utils/forms";
import { consentMethodField } from "./consents";

export const NOT_OFFERED_REASONS = {
  already_seen_today: "Already seen by a referral worker today",
  risk_to_worker: "Risk to the worker",
  transferred: "Transferred to another centre or court",
  released_quickly: "Released before it could be offered",
  language_support_unavailable: "Interpreter not available",
  other: "Other (say why)",
} as const;

export const OFFER_RESULT_LABELS = {
  accepted: "Accepted",
  declined: "Declined",
  not_fit: "Not fit to consent now",
  not_offered: "Not offered",
} as const;

export const DISCLOSED_NEED_OPTIONS = ["drugs", "alcohol", "mental_health", "housing", "money"] as const;

export const needLabels: Record<(typeof NEED_DOMAINS)[number], string> = {
  drugs: "Drugs",
  alcohol: "Alcohol",
  mental_health: "Mental health",
  housing: "Housing",
  money: "Money and debt",
  employment: "Employment and education",
  physical_health: "Physical health",
  family: "Family and children",
  safety: "Safety",
  justice: "Justice",
};

const custodyReference = requiredText("Enter the custody reference", 40).transform((v) => normaliseCustodyReference(v));

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split("-").map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
  return age;
}

/** A date of birth as YYYY-MM-DD, for someone aged 10 to 110 today. */
export const dateOfBirth = z
  .string({ required_error: "Enter the date of birth" })
  .trim()
  .min(1, "Enter the date of birth")
  .regex(isoDate, "Enter the date of birth as a real date, like 14 03 1988")
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: "Enter the date of birth as a real date, like 14 03 1988",
    },
  )
  .refine((v) => v <= new Date().toISOString().slice(0, 10), { message: "The date of birth cannot be in the future" })
  .refine((v) => ageOn(v, new Date()) >= 10, {
    message: "The date of birth makes the person younger than 10: check it",
  })
  .refine((v) => ageOn(v, new Date()) <= 110, {
    message: "The date of birth makes the person older than 110: check it",
  });

/**
 * A date of birth typed in GOV.UK's three boxes (day, month, year) as YYYY-MM-DD, or the message
 * to show. All three empty is `undefined`: the date was not given.
 */
export function dateOfBirthFromParts(parts: { day?: unknown; month?: unknown; year?: unknown }): {
  iso?: string;
  error?: string;
} {
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const day = text(parts.day);
  const month = text(parts.month);
  const year = text(parts.year);
  if (!day && !month && !year) return {};
  const missing = [!day && "a day", !month && "a month", !year && "a year"].filter(Boolean);
  if (missing.length) return { error: `The date of birth must include ${missing.join(" and ")}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d+$/.test(year)) {
    return { error: "Enter the date of birth in numbers, like 14 3 1988" };
  }
  if (year.length !== 4) return { error: "Enter the year of birth with 4 numbers, like 1988" };
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  if (Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) || !new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso)) {
    return { error: "The date of birth must be a real date, like 14 3 1988" };
  }
  return { iso };
}

/** Reads the three date of birth boxes, when the form has them, into `dateOfBirth`. */
export function withDateOfBirth<T extends Record<string, unknown>>(
  values: T,
): T & { dateOfBirth?: string; dateOfBirthError?: string } {
  if (!("dateOfBirthDay" in values || "dateOfBirthMonth" in values || "dateOfBirthYear" in values)) return values;
  const { iso, error } = dateOfBirthFromParts({
    day: values.dateOfBirthDay,
    month: values.dateOfBirthMonth,
    year: values.dateOfBirthYear,
  });
  return { ...values, dateOfBirth: iso ?? "", ...(error ? { dateOfBirthError: error } : {}) };
}

/** A UK local date and time from a datetime-local field; empty means now. Never in the future. */
const localDateTime = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return new Date().toISOString();
      const iso = ukLocalToIso(v);
      if (!iso) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter the ${what} as a date and time` });
        return z.NEVER;
      }
      if (new Date(iso).getTime() > Date.now() + 5 * 60_000) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `The ${what} cannot be in the future` });
        return z.NEVER;
      }
      return iso;
    });

export const ukPhone = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.replace(/[\s()-]/g, "") : undefined))
  .refine((v) => v === undefined || /^(\+44|0)\d{9,10}$/.test(v), {
    message: "Enter a UK phone number, like 07700 900123",
  });

const acceptedOffer = z
  .object({
    result: z.literal("accepted"),
    custodyReference,
    /** A known person's id, "new" for someone the officer says is not any match shown, or nothing. */
    personId: optionalText(64),
    /** Why this is a new person although someone with the same name and date of birth is known. */
    newPersonReason: optionalText(300),
    givenName: optionalText(100),
    familyName: optionalText(100),
    dateOfBirth: z.string().optional(),
    policeIdentifier: optionalText(30),
    healthIdentifier: optionalText(30),
    arrivedAt: localDateTime("arrival time"),
    disclosedNeeds: checkboxes(z.enum(NEED_DOMAINS, { message: "Choose needs from the list" })),
    disclosedOther: optionalText(500),
    safetyNotes: optionalText(1000),
    consentConfirmed: checkbox().refine((v) => v, {
      message: "Confirm the person was told what arrest referral is and agreed to see a worker",
    }),
    consentMethod: consentMethodField(),
    consentWordingId: requiredText("The consent wording is missing: reload the page", 64),
    contactAfterRelease: checkbox(),
    phone: ukPhone,
    reofferOfOfferId: optionalText(64),
  })
  .superRefine((offer, ctx) => {
    if (offer.personId && offer.personId !== "new") return;
    if (!offer.givenName)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["givenName"], message: "Enter the given name" });
    if (!offer.familyName)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["familyName"], message: "Enter the family name" });
    const dob = dateOfBirth.safeParse(offer.dateOfBirth ?? "");
    if (!dob.success)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["dateOfBirth"], message: dob.error.issues[0].message });
  })
  .superRefine((offer, ctx) => {
    if (offer.contactAfterRelease && !offer.phone) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["phone"],
        message: "Enter the phone number the person agreed to be contacted on",
      });
    }
  })
  .transform(({ phone, contactAfterRelease, ...offer }) => ({
    ...offer,
    // A phone number is kept only with consent to be contacted after release.
    contactAfterRelease,
    phone: contactAfterRelease ? phone : undefined,
  }));

const offerSchemas = {
  accepted: acceptedOffer,
  declined: z.object({ result: z.literal("declined") }),
  not_fit: z.object({ result: z.literal("not_fit"), custodyReference }),
  not_offered: z.object({
    result: z.literal("not_offered"),
    notOfferedReason: z.enum(Object.keys(NOT_OFFERED_REASONS) as [keyof typeof NOT_OFFERED_REASONS], {
      message: "Choose why arrest referral was not offered",
    }),
    notOfferedReasonText: optionalText(300),
  }),
};

export type AcceptedOffer = z.infer<typeof acceptedOffer>;
export type OfferInput = {
  [K in keyof typeof offerSchemas]: z.infer<(typeof offerSchemas)[K]>;
}[keyof typeof offerSchemas];

const resultSchema = z.object({
  result: z.enum(["accepted", "declined", "not_fit", "not_offered"], {
    message: "Choose what happened when arrest referral was offered",
  }),
});

/** Parses an offer: first which result it is, then that result's own rules. Extra fields are dropped. */
export function parseOffer(
  raw: Record<string, unknown>,
  centre?: { custodyReferencePattern: string; custodyReferenceExample: string },
): z.SafeParseReturnType<unknown, OfferInput> {
  const { dateOfBirthError, ...values } = withDateOfBirth(raw);
  const kind = resultSchema.safeParse(values);
  if (!kind.success) return kind as z.SafeParseReturnType<unknown, OfferInput>;
  const parsed = offerSchemas[kind.data.result].safeParse(values);
  // Every problem at once: the date boxes' own message and the reference's format join the rest.
  const extra: z.ZodIssue[] = [];
  if (
    dateOfBirthError &&
    kind.data.result === "accepted" &&
    !(typeof values.personId === "string" && values.personId && values.personId !== "new")
  ) {
    extra.push({ code: "custom", path: ["dateOfBirth"], message: dateOfBirthError });
  }
  const referenceProblem =
    centre && (kind.data.result === "accepted" || kind.data.result === "not_fit")
      ? custodyReferenceProblem(centre, values.custodyReference)
      : null;
  if (referenceProblem) extra.push({ code: "custom", path: ["custodyReference"], message: referenceProblem });
  if (extra.length || !parsed.success) {
    const issues = [...extra, ...(parsed.success ? [] : parsed.error.issues)];
    return { success: false, error: new z.ZodError(issues) };
  }
  if (
    parsed.data.result === "not_offered" &&
    parsed.data.notOfferedReason === "other" &&
    !parsed.data.notOfferedReasonText
  ) {
    return {
      success: false,
      error: new z.ZodError([
        { code: "custom", path: ["notOfferedReasonText"], message: "Say why arrest referral was not offered" },
      ]),
    };
  }
  return parsed as z.SafeParseReturnType<unknown, OfferInput>;
}

/** Custody references as the centre writes them: capitals, no spaces. */
export const normaliseCustodyReference = (reference: string) => reference.toUpperCase().replace(/\s+/g, "");

/** Null when the reference fits the centre's format (or is missing: that has its own message). */
export function custodyReferenceProblem(
  centre: { custodyReferencePattern: string; custodyReferenceExample: string },
  reference: unknown,
): string | null {
  if (typeof reference !== "string" || !reference.trim()) return null;
  const typed = normaliseCustodyReference(reference);
  if (new RegExp(centre.custodyReferencePattern).test(typed)) return null;
  return `The custody reference ${typed} is not in this centre's format. Enter it like ${centre.custodyReferenceExample}, with the slashes and every digit`;
}

export const releaseSchema = z.object({
  releasedAt: localDateTime("release time"),
});

export const cancelSchema = z.object({
  reason: requiredText("Say why this referral was made in error", 300),
});

export const personSearchSchema = z.object({
  givenName: optionalText(100),
  familyName: optionalText(100),
  dateOfBirth: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v && isoDate.test(v) ? v : undefined)),
  policeIdentifier: optionalText(30),
  healthIdentifier: optionalText(30),
});
