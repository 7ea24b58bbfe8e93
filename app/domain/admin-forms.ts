// What each administration form accepts, in the words shown next to each field. Shared by the
// "new" and "edit" pages of a record so both check the same things.
import { z } from "zod";
import { AREA_KINDS, CONSENT_SCOPES, ORGANISATION_KINDS, ROLES, SERVICE_KINDS } from "#db/schema";
import { checkbox, checkboxes, optionalText, requiredText } from "~/utils/forms";

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .regex(/^\d+$/, `Enter ${label} as a whole number, like ${min}`)
    .transform(Number)
    .pipe(z.number().min(min, `Enter ${label} of ${min} or more`).max(max, `Enter ${label} of ${max} or less`));

const optionalWholeNumber = (label: string, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, `Enter ${label} as a whole number, or leave it empty`)
        .transform(Number)
        .pipe(z.number().max(max, `Enter ${label} of ${max} or less`))
        .nullable(),
    );

const email = (message = "Enter an email address like name@example.org") =>
  z
    .string()
    .trim()
    .max(254, "Use 254 characters or fewer")
    .email(message)
    .transform((v) => v.toLowerCase());

const optionalEmail = z
  .string()
  .trim()
  .optional()
  .transform((v) => v ?? "")
  .pipe(z.union([z.literal(""), email()]));

const optionalWebsite = z
  .string()
  .trim()
  .optional()
  .transform((v) => v ?? "")
  .pipe(
    z.union([
      z.literal(""),
      z
        .string()
        .max(500, "Use 500 characters or fewer")
        .url("Enter the full web address, starting with https://")
        .refine((v) => /^https?:\/\//i.test(v), "Enter the full web address, starting with https://"),
    ]),
  );

const optionalPhone = z
  .string()
  .trim()
  .optional()
  .transform((v) => v ?? "")
  .pipe(z.union([z.literal(""), z.string().regex(/^\+?[\d ()-]{6,20}$/, "Enter a phone number, like 01632 960101")]));

const text = (max = 2000) => optionalText(max).transform((v) => v ?? "");

export const organisationKindSchema = z.enum(ORGANISATION_KINDS, {
  errorMap: () => ({ message: "Choose what kind of organisation it is" }),
});

export const organisationSchema = z.object({
  name: requiredText("Enter the organisation's name", 150),
  description: text(2000),
  email: optionalEmail,
  phone: optionalPhone,
  website: optionalWebsite,
  queueOverdueMinutes: wholeNumber("the minutes before a waiting referral is overdue", 5, 1440).optional(),
  followUpAttemptLimit: wholeNumber("the number of contact attempts", 1, 20).optional(),
  centreIds: checkboxes(z.string()),
  /** Referral providers: local authority areas covered outside custody (NFO follow-ups). */
  providerAreaIds: checkboxes(z.string()),
  fundsAllAreas: checkbox(),
  areaIds: checkboxes(z.string()),
});
export type OrganisationForm = z.infer<typeof organisationSchema>;

export const inviteSchema = z.object({
  name: requiredText("Enter the person's full name", 120),
  email: z
    .string({ required_error: "Enter their email address" })
    .trim()
    .min(1, "Enter their email address")
    .pipe(email()),
  organisationId: z.string({ required_error: "Choose their organisation" }).min(1, "Choose their organisation"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Choose their role" }) }),
  phone: optionalPhone,
});

export const userDetailsSchema = z.object({
  name: requiredText("Enter the person's full name", 120),
  email: z.string().trim().min(1, "Enter their email address").pipe(email()),
  phone: optionalPhone,
});

export const roleSchema = z.object({
  organisationId: z.string({ required_error: "Choose their organisation" }).min(1, "Choose their organisation"),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Choose their role" }) }),
});

export const areaSchema = z.object({
  name: requiredText("Enter the area's name", 120),
  code: requiredText("Enter the area's code", 20).regex(/^[A-Za-z0-9-]+$/, "Use letters, numbers and hyphens only"),
  parentAreaId: z
    .string()
    .optional()
    .transform((v) => v || undefined),
});
export const areaKindSchema = z.enum(AREA_KINDS, { errorMap: () => ({ message: "Choose what kind of area it is" }) });

export const centreSchema = z.object({
  name: requiredText("Enter the centre's name", 120),
  code: requiredText("Enter the centre's code", 10)
    .regex(/^[A-Za-z0-9]+$/, "Use letters and numbers only, like NFC")
    .transform((v) => v.toUpperCase()),
  policeOrganisationId: z
    .string({ required_error: "Choose the police force that runs the centre" })
    .min(1, "Choose the police force that runs the centre"),
  divisionAreaId: z
    .string({ required_error: "Choose the police division the centre is in" })
    .min(1, "Choose the police division the centre is in"),
  localAuthorityAreaId: z
    .string({ required_error: "Choose the local authority the centre is in" })
    .min(1, "Choose the local authority the centre is in"),
  custodyReferencePattern: requiredText("Enter the pattern custody references follow", 200),
  custodyReferenceExample: requiredText("Enter an example custody reference", 40),
  hours: requiredText("Enter the centre's opening hours, or “24 hours”", 120),
  isActive: checkbox(),
});

export const serviceSchema = z.object({
  organisationId: z
    .string({ required_error: "Choose the service provider that runs the service" })
    .min(1, "Choose the service provider that runs the service"),
  name: requiredText("Enter the service's name", 150),
  kind: z.enum(SERVICE_KINDS, { errorMap: () => ({ message: "Choose the kind of service" }) }),
  description: text(2000),
  areaIds: checkboxes(z.string()).pipe(z.array(z.string()).min(1, "Choose at least one area the service serves")),
  address: text(300),
  postcode: optionalText(10)
    .transform((v) => (v ? v.toUpperCase().replace(/\s+/g, " ") : ""))
    .pipe(
      z.union([
        z.literal(""),
        z.string().regex(/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, "Enter a postcode, like NF1 2AB"),
      ]),
    ),
  phone: optionalPhone,
  email: optionalEmail,
  referralEmail: optionalEmail,
  website: optionalWebsite,
  hours: text(200),
  eligibility: text(500),
  isTakingReferrals: checkbox(),
  capacityPerMonth: optionalWholeNumber("the capacity per month", 10000),
  typicalWaitDays: optionalWholeNumber("the typical wait in days", 365),
  isVerifiedNow: checkbox(),
});

export const consentWordingSchema = z.object({
  scope: z.enum(CONSENT_SCOPES),
  text: requiredText("Enter the words to read to the person", 3000),
});

export const settingsSchema = z.object({
  acknowledgement_working_days: wholeNumber("the working days to acknowledge", 1, 30),
  feedback_overdue_days: wholeNumber("the days before feedback is overdue", 1, 365),
  referral_cancel_window_minutes: wholeNumber("the minutes to cancel a referral made in error", 1, 1440),
  retention_years: wholeNumber("the years to keep a person's records", 1, 20),
  lockout_minutes: wholeNumber("the longest hold after failed sign-ins", 1, 1440),
  inactive_account_days: wholeNumber("the days before an unused account is flagged", 7, 3650),
  require_two_factor_for_everyone: checkbox(),
});

export const providerThresholdSchema = z.object({
  queueOverdueMinutes: wholeNumber("the minutes before a waiting referral is overdue", 5, 1440),
  followUpAttemptLimit: wholeNumber("the number of contact attempts", 1, 20),
});

/** A date typed as YYYY-MM-DD in a date field, or nothing. */
export const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date like 2026-03-01")
      .optional(),
  );
