// Turning submitted form data into typed values with a zod schema, and back into messages by
// each field when it does not fit. The same shape serves every form in Pathway.
import { z } from "zod";
import { emptyRecord, isPrototypeKey } from "./keys";

export type FormValues = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;
export type FormFailure = { ok: false; errors: FieldErrors; values: FormValues };
export type FormResult<T> = { ok: true; data: T; values: FormValues } | FormFailure;

/**
 * Repeated names (checkbox groups) become arrays; files are left out of the echoed values.
 * The object has no prototype, and a name with a part like `__proto__` is dropped: no form
 * of Pathway's has one, and nested names ("alcohol.auditC.q1") are split on dots later.
 */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = emptyRecord();
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || key.split(".").some(isPrototypeKey)) continue;
    const existing = values[key];
    if (existing === undefined) values[key] = value;
    else values[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return values;
}

export function errorsFromZod(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = emptyRecord();
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const values = formValues(formData);
  const result = schema.safeParse(values);
  if (!result.success) return { ok: false, errors: errorsFromZod(result.error), values };
  return { ok: true, data: result.data, values };
}

// Schema pieces that read form fields the way people fill them in.

/** Trimmed text; empty means missing, with the message to show. */
export const requiredText = (message: string, max = 200) =>
  z
    .string({ required_error: message, invalid_type_error: message })
    .trim()
    .min(1, message)
    .max(max, `Use ${max} characters or fewer`);

export const optionalText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `Use ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** A checkbox group: zero, one or many values, always an array. */
export const checkboxes = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const checkbox = () => z.preprocess((v) => v === "on" || v === "true" || v === "yes", z.boolean());
