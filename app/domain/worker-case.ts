// What a referral worker types on a case page, checked the same way wherever it is read.
import { z } from "zod";
import { ukLocalToIso } from "~/utils/dates";
import { optionalText, requiredText } from "~/utils/forms";
import { CONSENTS_RECORDED_BY_WORKERS, consentMethodField } from "./consents";
import { CONTACT_METHODS, CONTACT_RESULTS } from "./contact-attempts";
import { CLOSURE_REASONS, type ClosureReason } from "./referral-states";

/** Reasons a worker may give; "recorded in error" is custody's cancellation. */
export const WORKER_CLOSURE_REASONS = Object.keys(CLOSURE_REASONS).filter((r) => r !== "recorded_in_error") as [
  ClosureReason,
  ...ClosureReason[],
];

export const closeSchema = z.object({
  closureReason: z.enum(WORKER_CLOSURE_REASONS, { message: "Choose why the referral is closing" }),
  closureNote: optionalText(500),
});

export const reopenSchema = z.object({ reopenReason: requiredText("Say why the referral is being reopened", 500) });

export const contactAttemptSchema = z.object({
  attemptedAt: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const iso = v ? ukLocalToIso(v) : new Date().toISOString();
      if (!iso || new Date(iso).getTime() > Date.now() + 5 * 60_000) {
        ctx.addIssue({ code: "custom", message: "Enter when you tried, not in the future" });
        return z.NEVER;
      }
      return iso;
    }),
  method: z.enum(Object.keys(CONTACT_METHODS) as [keyof typeof CONTACT_METHODS], { message: "Choose how you tried" }),
  result: z.enum(Object.keys(CONTACT_RESULTS) as [keyof typeof CONTACT_RESULTS], { message: "Choose what happened" }),
  note: optionalText(1000),
});

export const workerConsentSchema = z.object({
  scope: z.enum(CONSENTS_RECORDED_BY_WORKERS, { message: "Choose which consent" }),
  method: consentMethodField(),
  contactMethod: optionalText(200),
});

export const withdrawConsentSchema = z.object({
  consentId: z.string().min(1).max(64),
  withdrawalNote: optionalText(500),
});
