// The service's referral page records outcome events through one form per step (accept,
// book, record attendance…). This module turns a submitted step's fields into the events it
// records, checked against the event schema, and says afterwards what changed. Pure.
import type { OnwardReferralStatus, OutcomeEventKind } from "#db/schema";
import { ukLocalToIso } from "~/utils/dates";
import { errorsFromZod, type FieldErrors, type FormValues } from "~/utils/forms";
import {
  onwardStatusLabels,
  outcomeEventLabels,
  outcomeEventSchema,
  SERVICE_STEPS,
  type OutcomeEventInput,
  type ServiceStep,
} from "./onward-referral-states";

export const isServiceStep = (value: unknown): value is ServiceStep =>
  typeof value === "string" && Object.hasOwn(SERVICE_STEPS, value);

/** What each step does, in the words of its panel and of "Next:". */
export const serviceStepLabels: Record<ServiceStep, string> = {
  accept: "Accept the referral",
  decline: "Decline the referral",
  book: "Book an appointment",
  attendance: "Record attendance",
  engagement: "Record an engagement check",
  hold: "Put on hold",
  resume: "Resume",
  end: "End the referral",
};

/** Field labels, for the error summary. */
export const serviceFieldLabels: Record<string, string> = {
  occurredOn: "Date",
  reason: "Reason",
  reasonText: "Details",
  appointmentAt: "Appointment date and time",
  place: "Place",
  attendance: "Attendance",
  rebookAt: "New appointment date and time",
  rebookPlace: "New appointment place",
  check: "Which check",
  engagement: "Engagement",
  endReason: "How it ended",
  note: "Note",
};

/** Each step's fields are named "<step>.<field>" so that ids stay unique on the page. */
export const stepFieldName = (step: ServiceStep, field: string) => `${step}.${field}`;

/** The events one step's form records, unchecked; a missed appointment may carry its re-booking. */
function candidateEvents(
  step: ServiceStep,
  values: FormValues,
  today: string,
): { events: unknown[]; fieldFor: (path: string, index: number) => string } {
  const text = (name: string) => {
    const value = values[stepFieldName(step, name)];
    return typeof value === "string" ? value : undefined;
  };
  // A time that does not read as one is kept as text so that the schema names the field.
  const time = (name: string) => (text(name) ? (ukLocalToIso(text(name)!) ?? "not a time") : undefined);
  const plain = (path: string) => path;
  switch (step) {
    case "accept":
      return { events: [{ kind: "accepted", occurredOn: text("occurredOn") }], fieldFor: plain };
    case "decline":
      return {
        events: [
          { kind: "declined", occurredOn: text("occurredOn"), reason: text("reason"), reasonText: text("reasonText") },
        ],
        fieldFor: plain,
      };
    case "book":
      return {
        events: [
          { kind: "appointment_booked", occurredOn: today, appointmentAt: time("appointmentAt"), place: text("place") },
        ],
        fieldFor: plain,
      };
    case "attendance": {
      const events: unknown[] = [{ kind: text("attendance"), occurredOn: text("occurredOn"), note: text("note") }];
      if (text("attendance") === "did_not_attend" && (text("rebookAt") || text("rebookPlace"))) {
        events.push({
          kind: "appointment_booked",
          occurredOn: today,
          appointmentAt: time("rebookAt"),
          place: text("rebookPlace"),
        });
      }
      return {
        events,
        fieldFor: (path, index) =>
          index === 1
            ? ({ appointmentAt: "rebookAt", place: "rebookPlace" }[path] ?? path)
            : path === "kind"
              ? "attendance"
              : path,
      };
    }
    case "engagement":
      return {
        events: [
          { kind: text("check"), occurredOn: text("occurredOn"), engagement: text("engagement"), note: text("note") },
        ],
        fieldFor: (path) => (path === "kind" ? "check" : path),
      };
    case "hold":
      return {
        events: [{ kind: "on_hold", occurredOn: text("occurredOn"), reasonText: text("reasonText") }],
        fieldFor: plain,
      };
    case "resume":
      return { events: [{ kind: "resumed", occurredOn: text("occurredOn") }], fieldFor: plain };
    case "end":
      return {
        events: [{ kind: "ended", occurredOn: text("occurredOn"), endReason: text("endReason"), note: text("note") }],
        fieldFor: plain,
      };
  }
}

export type ServiceFormResult = { ok: true; events: OutcomeEventInput[] } | { ok: false; errors: FieldErrors };

/**
 * The events a step's form records, or a message for each field that does not fit (keyed by
 * the field's name on the page). A step only records the events it is for: an attendance form
 * cannot be made to end the referral.
 */
export function eventsFromServiceForm(step: ServiceStep, values: FormValues, today: string): ServiceFormResult {
  const { events, fieldFor } = candidateEvents(step, values, today);
  const errors: FieldErrors = {};
  const parsed: OutcomeEventInput[] = [];
  events.forEach((event, index) => {
    const kind = (event as { kind?: unknown }).kind;
    if (index === 0 && !(SERVICE_STEPS[step] as readonly unknown[]).includes(kind)) {
      errors[stepFieldName(step, fieldFor("kind", index))] = "Choose what happened";
      return;
    }
    const result = outcomeEventSchema.safeParse(event);
    if (result.success) parsed.push(result.data);
    else
      for (const [path, message] of Object.entries(errorsFromZod(result.error)))
        errors[stepFieldName(step, fieldFor(path, index))] ??= message;
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, events: parsed };
}

/** "Saved: …" after a save: what was recorded and how the status moved, if it did. */
export function describeSave(
  kinds: readonly OutcomeEventKind[],
  from: OnwardReferralStatus | null,
  to: OnwardReferralStatus,
): string {
  const recorded = kinds.map((k) => outcomeEventLabels[k].toLowerCase()).join(" and ");
  const moved =
    from && from !== to
      ? `The referral was “${onwardStatusLabels[from]}” and is now “${onwardStatusLabels[to]}”.`
      : `The referral is still “${onwardStatusLabels[to]}”.`;
  return `Recorded: ${recorded}. ${moved}`;
}
