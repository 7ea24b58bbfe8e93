// What a police officer records after giving naloxone at a near-fatal overdose (NFO): the
// naloxone administration report. The schema is the boundary for the form and any script alike.
import { z } from "zod";
import { PATIENT_STATES, type PatientState } from "#db/schema";
import { fromUkWall, toUkWall } from "~/utils/dates";
import { optionalText, requiredText } from "~/utils/forms";
import { consentMethodField } from "./consents";
import { ageOn, withDateOfBirth } from "./custody";

export const patientStateLabels: Record<PatientState, { label: string; hint: string }> = {
  not_breathing: { label: "Not breathing, or breathing very slowly", hint: "Blue lips, no response" },
  unresponsive: { label: "Unconscious but breathing", hint: "Did not respond to voice or touch" },
  drowsy: { label: "Drowsy or confused", hint: "Responded, but not fully awake" },
  alert: { label: "Awake and alert", hint: "Talking and aware of where they were" },
};

/** A later NFO of the same person within this many days is a repeat (the NFO group view). */
export const REPEAT_WITHIN_DAYS = 90;

/** The most doses an officer carries and could give; more is a typing slip. */
export const MAX_DOSES = 10;
/** A report is made after the event, the same shift or soon after. */
export const REPORT_WITHIN_DAYS = 30;

/** UK postcode, loosely: outward code, space optional, inward code. Kept in capitals with one space. */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
export function normalisePostcode(value: string): string | null {
  const match = POSTCODE.exec(value.trim().toUpperCase().replace(/\s+/g, " "));
  return match ? `${match[1]} ${match[2]}` : null;
}

const yesNo = (message: string) =>
  z
    .enum(["yes", "no"], { message, required_error: message, invalid_type_error: message })
    .transform((v) => v === "yes");

/** The date boxes (day, month, year) and time boxes (hour, minute) in UK time → ISO UTC, or a message. */
export function administeredAtFromParts(
  parts: { day?: unknown; month?: unknown; year?: unknown; hour?: unknown; minute?: unknown },
  now: Date,
): { iso: string } | { error: string } {
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const [day, month, year, hour, minute] = [parts.day, parts.month, parts.year, parts.hour, parts.minute].map(text);
  if (!day || !month || !year) return { error: "Enter the date naloxone was given, like 7 12 2026" };
  if (!hour || !minute) return { error: "Enter the time naloxone was given, like 14 05" };
  if (![day, month, hour, minute].every((v) => /^\d{1,2}$/.test(v)) || !/^\d{4}$/.test(year))
    return { error: "Enter the date and time in numbers, like 7 12 2026 at 14 05" };
  if (+hour > 23 || +minute > 59) return { error: "Enter the time on the 24-hour clock, like 14 05" };
  const wallText = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}T${hour.padStart(2, "0")}:${minute.padStart(2, "0")}:00Z`;
  const wall = new Date(wallText);
  if (Number.isNaN(wall.getTime()) || !wall.toISOString().startsWith(wallText.slice(0, 10)))
    return { error: "The date naloxone was given must be a real date" };
  const at = fromUkWall(wall);
  if (at.getTime() > now.getTime() + 5 * 60_000)
    return { error: "The time naloxone was given cannot be in the future" };
  if (at.getTime() < now.getTime() - REPORT_WITHIN_DAYS * 24 * 3600_000)
    return { error: `A naloxone report is made within ${REPORT_WITHIN_DAYS} days: check the date` };
  return { iso: at.toISOString() };
}

/** Today's date and the time now, in UK time, as the form's boxes show them by default. */
export function administeredAtDefaults(now: Date) {
  const wall = toUkWall(now);
  return {
    administeredAtDay: String(wall.getUTCDate()),
    administeredAtMonth: String(wall.getUTCMonth() + 1),
    administeredAtYear: String(wall.getUTCFullYear()),
    administeredAtHour: String(wall.getUTCHours()).padStart(2, "0"),
    administeredAtMinute: String(wall.getUTCMinutes()).padStart(2, "0"),
  };
}

const reportFields = z.object({
  areaId: requiredText("Choose the local authority area where it happened", 64),
  postcode: z
    .string()
    .trim()
    .max(10, "Enter a postcode, like AB12 3CD")
    .optional()
    .transform((v, ctx) => {
      if (!v) return "";
      const postcode = normalisePostcode(v);
      if (!postcode) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter a real postcode, like AB12 3CD" });
        return z.NEVER;
      }
      return postcode;
    }),
  locationDescription: optionalText(300).transform((v) => v ?? ""),
  patientState: z.enum(PATIENT_STATES, { message: "Choose how the person was when you found them" }),
  paraphernaliaPresent: yesNo("Say whether drug paraphernalia was present"),
  doses: z
    .string({ required_error: "Enter the number of doses given" })
    .trim()
    .min(1, "Enter the number of doses given")
    .regex(/^\d+$/, "Enter the number of doses as a whole number, like 2")
    .transform(Number)
    .refine((n) => n >= 1, "Enter at least 1 dose: the report is for when naloxone was given")
    .refine((n) => n <= MAX_DOSES, `Enter ${MAX_DOSES} doses or fewer: check the number`),
  ambulanceResponded: yesNo("Say whether the ambulance service responded"),
  takenToHospital: yesNo("Say whether the person was taken to hospital"),
  personKnown: yesNo("Say whether you know who the person is"),
  givenName: optionalText(100),
  familyName: optionalText(100),
  /** A known person picked from the matches shown, "new" for someone else, or nothing yet. */
  personId: optionalText(64),
  newPersonReason: optionalText(300),
});

export type NaloxoneReportInput = Omit<z.infer<typeof reportFields>, "personKnown" | "givenName" | "familyName"> & {
  administeredAt: string;
  person: { givenName: string; familyName: string; dateOfBirth: string } | null;
};

/**
 * Parses the form (or any body with its field names) into a report. Every problem is reported
 * at once, each on its field; a person's details are read only when the officer says who it is.
 */
export function parseNaloxoneReport(
  raw: Record<string, unknown>,
  now = new Date(),
): { ok: true; data: NaloxoneReportInput } | { ok: false; errors: Record<string, string> } {
  const values = withDateOfBirth(raw);
  const errors: Record<string, string> = Object.create(null);
  const parsed = reportFields.safeParse(values);
  if (!parsed.success)
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;

  const at = administeredAtFromParts(
    {
      day: raw.administeredAtDay,
      month: raw.administeredAtMonth,
      year: raw.administeredAtYear,
      hour: raw.administeredAtHour,
      minute: raw.administeredAtMinute,
    },
    now,
  );
  if ("error" in at) errors.administeredAt = at.error;

  const postcode = parsed.success ? parsed.data.postcode : undefined;
  const description = parsed.success ? parsed.data.locationDescription : undefined;
  if (parsed.success && !postcode && !description) errors.postcode = "Enter a postcode or describe the place, or both";

  let person: NaloxoneReportInput["person"] = null;
  if (parsed.success && parsed.data.personKnown) {
    if (!parsed.data.givenName)
      errors.givenName = "Enter the person's given name, or choose that you do not know who it is";
    if (!parsed.data.familyName) errors.familyName = "Enter the person's family name";
    const dob = values.dateOfBirth;
    if (values.dateOfBirthError) errors.dateOfBirth = values.dateOfBirthError;
    else if (!dob) errors.dateOfBirth = "Enter the person's date of birth, or choose that you do not know who it is";
    else if (dob > now.toISOString().slice(0, 10)) errors.dateOfBirth = "The date of birth cannot be in the future";
    else if (ageOn(dob, now) > 110) errors.dateOfBirth = "The date of birth makes the person older than 110: check it";
    if (parsed.data.givenName && parsed.data.familyName && dob && !errors.dateOfBirth)
      person = { givenName: parsed.data.givenName, familyName: parsed.data.familyName, dateOfBirth: dob };
  }

  if (!parsed.success || "error" in at || Object.keys(errors).length) return { ok: false, errors };
  const { personKnown: _known, givenName: _given, familyName: _family, ...report } = parsed.data;
  return { ok: true, data: { ...report, administeredAt: at.iso, person } };
}

/** What the worker is told of an NFO before the person has agreed to anything (decision 029). */
export type NfoSummary = {
  administeredAt: string;
  place: string;
  areaName: string;
  patientState: PatientState;
  takenToHospital: boolean;
};

export const placeOf = (report: { postcode: string; locationDescription: string }) =>
  [report.locationDescription, report.postcode].filter(Boolean).join(", ");

/** The name a page shows for a person, or that nobody knows it yet. */
export const NOT_YET_IDENTIFIED = "Not yet identified";
export function personDisplayName(person: { givenName: string; familyName: string; isIdentified: boolean }) {
  return person.isIdentified ? `${person.givenName} ${person.familyName}` : NOT_YET_IDENTIFIED;
}

/** The worker records that the person, reached after an NFO, agreed to see a worker. */
export const followUpConsentSchema = z.object({
  consentConfirmed: z
    .preprocess((v) => v === "on" || v === "yes" || v === "true", z.boolean())
    .refine((v) => v, { message: "Confirm the person agreed to see a worker" }),
  consentMethod: consentMethodField(),
});

/** The worker names a person nobody could identify at the NFO. */
export function parseIdentification(raw: Record<string, unknown>, now = new Date()) {
  const values = withDateOfBirth(raw);
  const errors: Record<string, string> = Object.create(null);
  const parsed = z
    .object({
      givenName: requiredText("Enter the given name", 100),
      familyName: requiredText("Enter the family name", 100),
      personId: optionalText(64),
      newPersonReason: optionalText(300),
    })
    .safeParse(values);
  if (!parsed.success)
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  const dob = values.dateOfBirth;
  if (values.dateOfBirthError) errors.dateOfBirth = values.dateOfBirthError;
  else if (!dob) errors.dateOfBirth = "Enter the date of birth";
  else if (dob > now.toISOString().slice(0, 10)) errors.dateOfBirth = "The date of birth cannot be in the future";
  else if (ageOn(dob, now) > 110) errors.dateOfBirth = "The date of birth makes the person older than 110: check it";
  if (!parsed.success || Object.keys(errors).length) return { ok: false as const, errors };
  return { ok: true as const, data: { ...parsed.data, dateOfBirth: dob! } };
}
