// What a custody officer records at booking: the offer of arrest referral and, when accepted,
// the person, the episode and their consent. The schema is the boundary: whatever a form or a
// script sends, nothing gets past it without a confirmed consent.
import { z } from "zod";
import { NEED_DOMAINS } from "#db/schema";
import { ukLocalToIso } from "~/utils/dates";
import { checkbox, checkboxes, optionalText, requiredText } from "~/utils/forms";

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

const custodyReference = requiredText("Enter the custody reference", 40).transform((v) => v.toUpperCase().replace(/\s+/g, ""));

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split("-").map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
  return age;
}

const dateOfBirth = z
  .string({ required_error: "Enter the date of birth" })
  .trim()
  .min(1, "Enter the date of birth")
  .regex(isoDate, "Enter the date of birth as a real date, like 14 03 1988")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "Enter the date of birth as a real date, like 14 03 1988",
  })
  .refine((v) => v <= new Date().toISOString().slice(0, 10), { message: "The date of birth cannot be in the future" })
  .refine((v) => ageOn(v, new Date()) >= 10, { message: "The date of birth makes the person younger than 10: check it" })
  .refine((v) => ageOn(v, new Date()) <= 110, { message: "The date of birth makes the person older than 110: check it" });

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

const ukPhone = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.replace(/[\s()-]/g, "") : undefined))
  .refine((v) => v === undefined || /^(\+44|0)\d{9,10}$/.test(v), { message: "Enter a UK phone number, like 07700 900123" });

const acceptedOffer = z
  .object({
    result: z.literal("accepted"),
    custodyReference,
    personId: optionalText(64),
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
    consentMethod: z.enum(["verbal", "signed"], { message: "Choose how consent was given" }).default("verbal"),
    consentWordingId: requiredText("The consent wording is missing: reload the page", 64),
    contactAfterRelease: checkbox(),
    phone: ukPhone,
    reofferOfOfferId: optionalText(64),
  })
  .superRefine((offer, ctx) => {
    if (offer.personId) return;
    if (!offer.givenName) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["givenName"], message: "Enter the given name" });
    if (!offer.familyName) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["familyName"], message: "Enter the family name" });
    const dob = dateOfBirth.safeParse(offer.dateOfBirth ?? "");
    if (!dob.success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["dateOfBirth"], message: dob.error.issues[0].message });
  })
  .superRefine((offer, ctx) => {
    if (offer.contactAfterRelease && !offer.phone) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["phone"], message: "Enter the phone number the person agreed to be contacted on" });
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
export type OfferInput = { [K in keyof typeof offerSchemas]: z.infer<(typeof offerSchemas)[K]> }[keyof typeof offerSchemas];

const resultSchema = z.object({
  result: z.enum(["accepted", "declined", "not_fit", "not_offered"], {
    message: "Choose what happened when arrest referral was offered",
  }),
});

/** Parses an offer: first which result it is, then that result's own rules. Extra fields are dropped. */
export function parseOffer(values: unknown): z.SafeParseReturnType<unknown, OfferInput> {
  const kind = resultSchema.safeParse(values);
  if (!kind.success) return kind as z.SafeParseReturnType<unknown, OfferInput>;
  const parsed = offerSchemas[kind.data.result].safeParse(values);
  if (!parsed.success) return parsed as z.SafeParseReturnType<unknown, OfferInput>;
  if (parsed.data.result === "not_offered" && parsed.data.notOfferedReason === "other" && !parsed.data.notOfferedReasonText) {
    return {
      success: false,
      error: new z.ZodError([{ code: "custom", path: ["notOfferedReasonText"], message: "Say why arrest referral was not offered" }]),
    };
  }
  return parsed as z.SafeParseReturnType<unknown, OfferInput>;
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
