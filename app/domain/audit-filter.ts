// The audit log's filter as it travels in a page address, shared by the viewer and its CSV export.
import { z } from "zod";
import { ukLocalToIso } from "~/utils/dates";
import type { AuditFilter } from "./audit-log.server";

const optionalId = z
  .string()
  .trim()
  .max(100)
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined);
const optionalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

export const auditFilterSchema = z.object({
  userId: optionalId,
  organisationId: optionalId,
  personId: optionalId,
  recordId: optionalId,
  action: optionalId,
  from: optionalDate,
  to: optionalDate,
});
export type AuditFilterForm = z.infer<typeof auditFilterSchema>;

/** Dates are typed as UK calendar days; the log keeps UTC instants. */
export function toAuditFilter(form: AuditFilterForm): AuditFilter {
  const endOfDay = form.to ? ukLocalToIso(`${form.to}T23:59`) : null;
  return {
    userId: form.userId,
    organisationId: form.organisationId,
    personId: form.personId,
    recordId: form.recordId,
    action: form.action,
    from: form.from ? (ukLocalToIso(`${form.from}T00:00`) ?? undefined) : undefined,
    to: endOfDay ? new Date(new Date(endOfDay).getTime() + 59_999).toISOString() : undefined,
  };
}

export function parseAuditFilter(searchParams: URLSearchParams) {
  return auditFilterSchema.parse(Object.fromEntries(searchParams));
}
