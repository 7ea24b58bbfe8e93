// The outcomes spreadsheet: its columns, turning a row into an outcome event, and the
// per-row error report. Pure; the database side is outcome-csv.server.ts.
import { OUTCOME_EVENT_KINDS } from "#db/schema";
import { csvText } from "~/utils/csv";
import { ukLocalToIso } from "~/utils/dates";
import {
  DECLINE_REASONS,
  END_REASONS,
  ENGAGEMENT_LEVELS,
  outcomeEventSchema,
  type OutcomeEventInput,
} from "./onward-referral-states";

/** Limits that keep an upload quick and the whole file checkable in one go. */
export const OUTCOME_CSV_MAX_BYTES = 1024 * 1024;
export const OUTCOME_CSV_MAX_ROWS = 5000;

export const OUTCOME_CSV_COLUMNS = [
  {
    name: "onward_referral_id",
    required: true,
    description: "The Pathway reference of the referral, as on its page and in the template.",
  },
  {
    name: "event",
    required: true,
    description: `What happened: ${OUTCOME_EVENT_KINDS.filter((k) => k !== "cancelled").join(", ")}. Leave empty to skip the row.`,
  },
  { name: "date", required: true, description: "The day it happened: 2026-03-14 or 14/03/2026. Not in the future." },
  {
    name: "appointment_time",
    required: false,
    description: "appointment_booked only: date and UK time of the appointment, 2026-03-20 10:30 or 20/03/2026 10:30.",
  },
  { name: "place", required: false, description: "appointment_booked only: where the appointment is." },
  {
    name: "reason",
    required: false,
    description: `declined: ${Object.keys(DECLINE_REASONS).join(", ")}. ended: ${Object.keys(END_REASONS).join(", ")}.`,
  },
  {
    name: "engagement",
    required: false,
    description: `engagement checks: ${Object.keys(ENGAGEMENT_LEVELS).join(", ")}.`,
  },
  { name: "note", required: false, description: "Optional detail; needed when a decline's reason is other." },
] as const;

export type OutcomeCsvColumn = (typeof OUTCOME_CSV_COLUMNS)[number]["name"];
/**
 * Columns the template adds so that a person filling it in knows who each row is (the name and
 * date of birth only where the person agreed to share them with the service). The upload
 * ignores them: a row is matched by its onward_referral_id alone.
 */
export const TEMPLATE_EXTRA_COLUMNS = ["name", "date_of_birth", "service", "need", "referred_on"] as const;

export type RowProblem = { row: number; column: string; problem: string };

export function errorReportCsv(problems: RowProblem[]): string {
  return csvText([["row", "column", "problem"], ...problems.map((p) => [p.row, p.column, p.problem])]);
}

/** 14/03/2026 or 2026-03-14 → 2026-03-14; anything else stays as typed (and fails the check). */
export function normaliseDate(value: string): string {
  const uk = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  return uk ? `${uk[3]}-${uk[2].padStart(2, "0")}-${uk[1].padStart(2, "0")}` : value;
}

/** "2026-03-20 10:30", "20/03/2026 10:30" or an ISO time → ISO UTC, or null. */
export function normaliseAppointmentTime(value: string): string | null {
  const match = value.match(/^(\S+)[ T](\d{1,2}):(\d{2})$/);
  if (match) return ukLocalToIso(`${normaliseDate(match[1])}T${match[2].padStart(2, "0")}:${match[3]}`);
  const parsed = new Date(value);
  return /T/.test(value) && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : null;
}

const fieldColumn: Record<string, OutcomeCsvColumn> = {
  kind: "event",
  occurredOn: "date",
  appointmentAt: "appointment_time",
  place: "place",
  reason: "reason",
  endReason: "reason",
  engagement: "engagement",
  reasonText: "note",
  note: "note",
};

export type ParsedRow =
  | { row: number; onwardReferralId: string; event: OutcomeEventInput }
  | { row: number; problems: RowProblem[] }
  | { row: number; skip: "empty" };

/** One data row (its cells by column name) as an event, or what is wrong with it. */
export function parseOutcomeRow(row: number, cells: Record<string, string>): ParsedRow {
  const cell = (name: string) => (cells[name] ?? "").trim();
  if (Object.values(cells).every((v) => !v.trim())) return { row, skip: "empty" };
  const id = cell("onward_referral_id");
  const kind = cell("event")
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (id && !kind) return { row, skip: "empty" };
  const problems: RowProblem[] = [];
  if (!id) problems.push({ row, column: "onward_referral_id", problem: "Enter the Pathway reference of the referral" });
  if (kind === "cancelled")
    problems.push({ row, column: "event", problem: "Only the referring worker can cancel a referral" });
  const note = cell("note") || undefined;
  const reason =
    cell("reason")
      .toLowerCase()
      .replace(/[\s-]+/g, "_") || undefined;
  const appointment = cell("appointment_time");
  const candidate: Record<string, unknown> = { kind, occurredOn: normaliseDate(cell("date")) };
  if (kind === "declined") Object.assign(candidate, { reason, reasonText: note });
  else if (kind === "ended") Object.assign(candidate, { endReason: reason, note });
  else if (kind === "on_hold") Object.assign(candidate, { reasonText: note });
  else if (kind === "appointment_booked") {
    const at = appointment ? normaliseAppointmentTime(appointment) : undefined;
    if (appointment && !at)
      problems.push({ row, column: "appointment_time", problem: "Enter the appointment time like 2026-03-20 10:30" });
    Object.assign(candidate, { appointmentAt: at ?? undefined, place: cell("place") || undefined });
  } else if (kind.startsWith("engagement_check"))
    Object.assign(candidate, {
      engagement:
        cell("engagement")
          .toLowerCase()
          .replace(/[\s-]+/g, "_") || undefined,
      note,
    });
  else Object.assign(candidate, { note });

  const parsed = outcomeEventSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = fieldColumn[String(issue.path[0])] ?? "event";
      const problem =
        column === "event" && issue.path[0] === "kind"
          ? `“${cell("event")}” is not an event this spreadsheet can record`
          : issue.message;
      if (!problems.some((p) => p.column === column)) problems.push({ row, column, problem });
    }
  }
  if (problems.length || !parsed.success) return { row, problems };
  return { row, onwardReferralId: id, event: parsed.data };
}
