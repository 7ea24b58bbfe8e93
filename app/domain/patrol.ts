// A community referral an officer makes on patrol (issue 20): with the person's consent, from
// anywhere, straight to a service chosen from the directory for the person's area and need.
// No custody centre and no custody reference. The schema is the boundary, as for custody offers.
import { z } from "zod";
import { type NEED_DOMAINS } from "#db/schema";
import { checkbox, optionalText, requiredText } from "~/utils/forms";
import { consentMethodField } from "./consents";
import { dateOfBirth, ukPhone, withDateOfBirth } from "./custody";

/** The needs an officer meets on patrol, most common first (the form's order). */
export const PATROL_NEEDS = [
  "mental_health",
  "money",
  "housing",
  "drugs",
  "alcohol",
  "physical_health",
  "family",
  "safety",
  "employment",
] as const satisfies readonly (typeof NEED_DOMAINS)[number][];

/** A new person needs a name and a real date of birth; a known person picked needs neither. */
function personProblems(values: Record<string, unknown>): { path: string[]; message: string }[] {
  if (typeof values.personId === "string" && values.personId.trim() && values.personId.trim() !== "new") return [];
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const problems: { path: string[]; message: string }[] = [];
  if (!text(values.givenName)) problems.push({ path: ["givenName"], message: "Enter the given name" });
  if (!text(values.familyName)) problems.push({ path: ["familyName"], message: "Enter the family name" });
  const dob = dateOfBirth.safeParse(text(values.dateOfBirth));
  if (!dob.success) problems.push({ path: ["dateOfBirth"], message: dob.error.issues[0].message });
  return problems;
}

const patrolReferral = z
  .object({
    /** A known person's id, "new" for someone the officer says is not any match shown, or nothing. */
    personId: optionalText(64),
    newPersonReason: optionalText(300),
    givenName: optionalText(100),
    familyName: optionalText(100),
    dateOfBirth: z.string().optional(),
    needDomain: z.enum(PATROL_NEEDS, { message: "Choose what the person needs help with" }),
    areaId: requiredText("Choose the local authority area the person lives in or was met in", 64),
    serviceId: requiredText("Choose a service", 64),
    note: optionalText(1000),
    consentConfirmed: checkbox().refine((v) => v, {
      message: "Confirm you read the words to the person and they agreed to be referred",
    }),
    consentMethod: consentMethodField(),
    consentWordingId: requiredText("The consent wording is missing: reload the page", 64),
    shareOutcomes: checkbox(),
    contactByPhone: checkbox(),
    phone: ukPhone,
  })
  .superRefine((referral, ctx) => {
    for (const issue of personProblems(referral)) ctx.addIssue({ code: z.ZodIssueCode.custom, ...issue });
  })
  .superRefine((referral, ctx) => {
    if (referral.contactByPhone && !referral.phone) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["phone"],
        message: "Enter the phone number the person agreed the service may call",
      });
    }
  })
  // A phone number is kept only with the person's agreement to be phoned by the service.
  .transform(({ phone, contactByPhone, ...referral }) => ({
    ...referral,
    contactByPhone,
    phone: contactByPhone ? phone : undefined,
  }));

export type PatrolReferralInput = Omit<z.infer<typeof patrolReferral>, "phone"> & { phone?: string };

/** Parses the patrol form: the three date of birth boxes, then the rest. Extra fields are dropped. */
export function parsePatrolReferral(raw: Record<string, unknown>): z.SafeParseReturnType<unknown, PatrolReferralInput> {
  const { dateOfBirthError, ...values } = withDateOfBirth(raw);
  const parsed = patrolReferral.safeParse(values);
  const datesMatter = Boolean(dateOfBirthError) && personProblems({ ...values, dateOfBirth: "" }).length > 0;
  if (parsed.success && !datesMatter) return parsed;
  // Every problem at once: the person's (checked even when other fields fail), the date boxes' own.
  const issues: z.ZodIssue[] = parsed.success ? [] : [...parsed.error.issues];
  for (const problem of personProblems(values)) {
    if (!issues.some((i) => i.path[0] === problem.path[0])) issues.push({ code: "custom", ...problem });
  }
  if (datesMatter) {
    const at = issues.findIndex((i) => i.path[0] === "dateOfBirth");
    const issue: z.ZodIssue = { code: "custom", path: ["dateOfBirth"], message: dateOfBirthError! };
    if (at >= 0) issues[at] = issue;
    else issues.push(issue);
  }
  return { success: false, error: new z.ZodError(issues) };
}

/** What the service learns from an officer's referral: said on the form and in the consent wording. */
export const PATROL_SHARED_WITH_SERVICE = "name, date of birth, the help they asked for and the officer's note";
