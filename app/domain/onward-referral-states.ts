// Onward referral status: the HL7 FHIR R4 Task status values of a closed-loop referral, which
// outcome event moves which status, and the shape of each event's detail. Every change of
// status is checked here, whether it comes from a page, the API or a CSV upload.
import { z } from "zod";
import type { OnwardReferralStatus, OutcomeEventKind, ServiceKind } from "#db/schema";
import { formatDateTime } from "~/utils/dates";

export const onwardStatusLabels: Record<OnwardReferralStatus, string> = {
  requested: "Referred, waiting for the service",
  accepted: "Accepted by the service",
  rejected: "Declined by the service",
  "in-progress": "Attending",
  "on-hold": "On hold",
  completed: "Completed",
  failed: "Disengaged",
  cancelled: "Cancelled",
};

export const serviceKindLabels: Record<ServiceKind, string> = {
  drug_alcohol_treatment: "Drug and alcohol treatment",
  mental_health: "Mental health",
  housing: "Housing",
  money_advice: "Money advice",
  employment: "Employment",
  family_support: "Family support",
  harm_reduction: "Harm reduction",
  physical_health: "Physical health",
  other: "Other support",
};

export const outcomeEventLabels: Record<OutcomeEventKind, string> = {
  accepted: "Accepted",
  declined: "Declined",
  appointment_booked: "First appointment booked",
  attended: "Attended",
  did_not_attend: "Did not attend",
  engagement_check_4_weeks: "Engagement at 4 weeks",
  engagement_check_12_weeks: "Engagement at 12 weeks",
  on_hold: "Put on hold",
  resumed: "Resumed",
  ended: "Ended",
  cancelled: "Cancelled",
};

/** Capacity declines are counted for commissioners as unmet demand. */
export const DECLINE_REASONS = {
  no_capacity: "No capacity",
  not_eligible: "Not eligible",
  person_declined: "The person declined",
  unable_to_contact: "Unable to contact the person",
  duplicate: "Duplicate referral",
  other: "Other",
} as const;
export type DeclineReason = keyof typeof DECLINE_REASONS;

export const END_REASONS = {
  completed: "Completed as planned",
  disengaged: "Disengaged",
  transferred: "Transferred to another service",
  moved_away: "Moved away",
  custody_or_prison: "Back in custody or prison",
  died: "Died",
} as const;
export type EndReason = keyof typeof END_REASONS;

/** Ends that count as the referral having done its job (FHIR `completed`); the rest are `failed`. */
const COMPLETING_END_REASONS: readonly EndReason[] = ["completed", "transferred"];

export const CANCEL_REASONS = {
  withdrawn_by_referrer: "Withdrawn by the referring worker",
  consent_withdrawn: "The person withdrew consent to share",
} as const;
export type CancelReason = keyof typeof CANCEL_REASONS;

export const ENGAGEMENT_LEVELS = {
  engaged: "Engaged",
  partly: "Partly engaged",
  not_engaged: "Not engaged",
} as const;
export type EngagementLevel = keyof typeof ENGAGEMENT_LEVELS;

/** Why a status is what it is: a decline, end or cancel reason, with its label. */
export const statusReasonLabels: Record<string, string> = { ...DECLINE_REASONS, ...END_REASONS, ...CANCEL_REASONS };

/** For each outcome event, the statuses it may be reported in and the status it leads to. */
const eventTransitions: Record<
  OutcomeEventKind,
  { from: readonly OnwardReferralStatus[]; to: OnwardReferralStatus | "same" }
> = {
  accepted: { from: ["requested"], to: "accepted" },
  declined: { from: ["requested"], to: "rejected" },
  appointment_booked: { from: ["accepted", "in-progress", "on-hold"], to: "same" },
  attended: { from: ["accepted", "in-progress"], to: "in-progress" },
  did_not_attend: { from: ["accepted", "in-progress"], to: "same" },
  engagement_check_4_weeks: { from: ["in-progress", "on-hold"], to: "same" },
  engagement_check_12_weeks: { from: ["in-progress", "on-hold"], to: "same" },
  on_hold: { from: ["accepted", "in-progress"], to: "on-hold" },
  // Resuming returns to where the referral was paused: attending, or accepted if never attended.
  resumed: { from: ["on-hold"], to: "in-progress" },
  ended: { from: ["accepted", "in-progress", "on-hold"], to: "completed" },
  cancelled: { from: ["requested", "accepted", "in-progress", "on-hold"], to: "cancelled" },
};

export type StatusChange = { ok: true; status: OnwardReferralStatus } | { ok: false; message: string };

/** Who records an event: the service that received the referral, or the worker who made it. */
export type OnwardActor = "service" | "referrer";

export type TransitionContext = {
  /** Ending splits on its reason: completed / transferred → `completed`, the rest → `failed`. */
  endReason?: EndReason;
  /** Whether the person has attended at least once (where `resumed` returns to). */
  hasAttended?: boolean;
};

/**
 * The events `actor` may record while a referral is `state`: the one function the service page,
 * the CSV upload and the FHIR API ask. Cancelling is the referrer's alone; the rest are the
 * service's.
 */
export function allowedOnwardReferralEvents(state: OnwardReferralStatus, actor: OnwardActor): OutcomeEventKind[] {
  return (Object.keys(eventTransitions) as OutcomeEventKind[]).filter(
    (event) => (event === "cancelled") === (actor === "referrer") && eventTransitions[event].from.includes(state),
  );
}

/** The status after `actor` records `event`, or why it cannot be recorded now. The one place for this rule. */
export function nextOnwardStatus(
  current: OnwardReferralStatus,
  event: OutcomeEventKind,
  actor: OnwardActor,
  context: TransitionContext = {},
): StatusChange {
  if (!allowedOnwardReferralEvents(current, actor).includes(event)) {
    if (eventTransitions[event].from.includes(current)) {
      return {
        ok: false,
        message:
          actor === "service"
            ? "Only the referring worker can cancel a referral."
            : `Only the service can record “${outcomeEventLabels[event]}”.`,
      };
    }
    return {
      ok: false,
      message: `“${outcomeEventLabels[event]}” cannot be recorded while the referral is “${onwardStatusLabels[current]}”.`,
    };
  }
  const rule = eventTransitions[event];
  if (event === "ended") {
    if (!context.endReason) return { ok: false, message: "Say how the referral ended." };
    return { ok: true, status: COMPLETING_END_REASONS.includes(context.endReason) ? "completed" : "failed" };
  }
  if (event === "resumed") return { ok: true, status: context.hasAttended === false ? "accepted" : "in-progress" };
  return { ok: true, status: rule.to === "same" ? current : rule.to };
}

/** Events that exist to change the status, in the order a status change is read as one. */
const STATUS_EVENTS: readonly OutcomeEventKind[] = [
  "accepted",
  "declined",
  "resumed",
  "attended",
  "on_hold",
  "ended",
  "cancelled",
];

/**
 * The event behind a change of status from `from` to `to` (the FHIR API sets a status; Pathway
 * records the event that leads there), or null when no event the actor may record leads there.
 */
export function eventLeadingTo(
  from: OnwardReferralStatus,
  to: OnwardReferralStatus,
  actor: OnwardActor,
  context: TransitionContext = {},
): OutcomeEventKind | null {
  return (
    STATUS_EVENTS.find((event) => {
      const change = nextOnwardStatus(from, event, actor, context);
      return change.ok && change.status === to;
    }) ?? null
  );
}

/** What a service does next, as the page groups events: each step records one or more events. */
export const SERVICE_STEPS = {
  accept: ["accepted"],
  decline: ["declined"],
  book: ["appointment_booked"],
  attendance: ["attended", "did_not_attend"],
  engagement: ["engagement_check_4_weeks", "engagement_check_12_weeks"],
  hold: ["on_hold"],
  resume: ["resumed"],
  end: ["ended"],
} as const satisfies Record<string, readonly OutcomeEventKind[]>;
export type ServiceStep = keyof typeof SERVICE_STEPS;

export type OnwardProgress = {
  status: OnwardReferralStatus;
  firstAppointmentAt: string | null;
  /** Kinds of the events recorded so far. */
  recorded: readonly OutcomeEventKind[];
};

/**
 * The steps a service may take now, split into the one(s) it is expected to take next (shown
 * first) and the others: answer a new referral, book, record attendance, check engagement at 4
 * then 12 weeks, then end; resume what is on hold.
 */
export function serviceSteps(progress: OnwardProgress): { next: ServiceStep[]; other: ServiceStep[] } {
  const allowed = allowedOnwardReferralEvents(progress.status, "service");
  const possible = (Object.keys(SERVICE_STEPS) as ServiceStep[]).filter((step) =>
    SERVICE_STEPS[step].some((e) => allowed.includes(e)),
  );
  const expected = ((): ServiceStep[] => {
    switch (progress.status) {
      case "requested":
        return ["accept", "decline"];
      case "accepted":
        return progress.firstAppointmentAt ? ["attendance"] : ["book"];
      case "in-progress":
        return progress.recorded.includes("engagement_check_12_weeks") ? ["end"] : ["engagement"];
      case "on-hold":
        return ["resume"];
      default:
        return [];
    }
  })();
  const next = expected.filter((step) => possible.includes(step));
  return { next, other: possible.filter((step) => !next.includes(step)) };
}

export const OPEN_ONWARD_STATUSES = [
  "requested",
  "accepted",
  "in-progress",
  "on-hold",
] as const satisfies readonly OnwardReferralStatus[];
export const CLOSED_ONWARD_STATUSES = [
  "rejected",
  "completed",
  "failed",
  "cancelled",
] as const satisfies readonly OnwardReferralStatus[];

export const isOpenOnwardStatus = (status: OnwardReferralStatus) =>
  (OPEN_ONWARD_STATUSES as readonly string[]).includes(status);

/** How a service's inbox can be narrowed. */
export const INBOX_FILTERS = {
  open: "Open",
  requested: "New: waiting for an answer",
  accepted: "Accepted",
  "in-progress": "Attending",
  "on-hold": "On hold",
  overdue: "Overdue",
  closed: "Closed",
  all: "All",
} as const;
export type InboxFilter = keyof typeof INBOX_FILTERS;

/** How many referrals a page of the inbox shows, and how many more each "Show more" adds. */
export const INBOX_PAGE_SIZE = 50;
/** The most one inbox page shows; past that, a narrower filter. */
export const INBOX_MOST_SHOWN = 2_000;

// ---------------------------------------------------------------- the events' detail

const isoDate = z
  .string({ required_error: "Enter the date", invalid_type_error: "Enter the date" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date like 2026-03-14")
  .refine(
    (v) =>
      !Number.isNaN(new Date(`${v}T12:00:00Z`).getTime()) && new Date(`${v}T12:00:00Z`).toISOString().startsWith(v),
    "Enter a real date",
  );

const optionalNote = z
  .string()
  .trim()
  .max(500, "Use 500 characters or fewer")
  .optional()
  .transform((v) => (v ? v : undefined));

const enumOf = <T extends Record<string, string>>(values: T, message: string) =>
  z.enum(Object.keys(values) as [keyof T & string, ...(keyof T & string)[]], { errorMap: () => ({ message }) });

/** One outcome event as a service reports it; `occurredOn` is the day it happened. */
export const outcomeEventSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.object({ kind: z.literal("accepted"), occurredOn: isoDate, note: optionalNote }),
      z.object({
        kind: z.literal("declined"),
        occurredOn: isoDate,
        reason: enumOf(DECLINE_REASONS, "Choose why the referral is declined"),
        reasonText: optionalNote,
      }),
      z.object({
        kind: z.literal("appointment_booked"),
        occurredOn: isoDate,
        appointmentAt: z
          .string({ required_error: "Enter the appointment date and time" })
          .datetime({ offset: true, message: "Enter the appointment date and time" }),
        place: z
          .string({ required_error: "Enter where the appointment is" })
          .trim()
          .min(1, "Enter where the appointment is")
          .max(200, "Use 200 characters or fewer"),
      }),
      z.object({ kind: z.literal("attended"), occurredOn: isoDate, note: optionalNote }),
      z.object({ kind: z.literal("did_not_attend"), occurredOn: isoDate, note: optionalNote }),
      z.object({
        kind: z.literal("engagement_check_4_weeks"),
        occurredOn: isoDate,
        engagement: enumOf(ENGAGEMENT_LEVELS, "Choose how engaged the person is"),
        note: optionalNote,
      }),
      z.object({
        kind: z.literal("engagement_check_12_weeks"),
        occurredOn: isoDate,
        engagement: enumOf(ENGAGEMENT_LEVELS, "Choose how engaged the person is"),
        note: optionalNote,
      }),
      z.object({ kind: z.literal("on_hold"), occurredOn: isoDate, reasonText: optionalNote }),
      z.object({ kind: z.literal("resumed"), occurredOn: isoDate, note: optionalNote }),
      z.object({
        kind: z.literal("ended"),
        occurredOn: isoDate,
        endReason: enumOf(END_REASONS, "Choose how the referral ended"),
        note: optionalNote,
      }),
    ],
    {
      errorMap: (issue, ctx) =>
        issue.code === "invalid_union_discriminator"
          ? { message: "Choose what happened" }
          : { message: ctx.defaultError },
    },
  )
  .superRefine((event, ctx) => {
    if (event.kind === "declined" && event.reason === "other" && !event.reasonText) {
      ctx.addIssue({ code: "custom", message: "Say why the referral is declined", path: ["reasonText"] });
    }
  });

export type OutcomeEventInput = z.infer<typeof outcomeEventSchema>;
export type ServiceEventKind = OutcomeEventInput["kind"];

/** The status reason an event leaves on the referral (null clears it). */
export function statusReasonOf(event: OutcomeEventInput): { reason: string | null; text: string | null } | undefined {
  switch (event.kind) {
    case "declined":
      return { reason: event.reason, text: event.reasonText ?? null };
    case "ended":
      return { reason: event.endReason, text: event.note ?? null };
    case "on_hold":
      return { reason: null, text: event.reasonText ?? null };
    case "accepted":
    case "resumed":
      return { reason: null, text: null };
    default:
      return undefined;
  }
}

/** One line saying what an event recorded, for the log. */
export function describeOutcomeEvent(kind: OutcomeEventKind, detail: Record<string, unknown>): string {
  const text = (key: string) => (typeof detail[key] === "string" && detail[key] ? String(detail[key]) : null);
  const parts: (string | null)[] = [];
  switch (kind) {
    case "declined":
      parts.push(DECLINE_REASONS[detail.reason as DeclineReason] ?? null, text("reasonText"));
      break;
    case "appointment_booked":
      parts.push(
        [text("appointmentAt") ? formatDateTime(text("appointmentAt")) : null, text("place")]
          .filter(Boolean)
          .join(", ") || null,
      );
      break;
    case "engagement_check_4_weeks":
    case "engagement_check_12_weeks":
      parts.push(ENGAGEMENT_LEVELS[detail.engagement as EngagementLevel] ?? null, text("note"));
      break;
    case "ended":
      parts.push(END_REASONS[detail.endReason as EndReason] ?? null, text("note"));
      break;
    case "cancelled":
      parts.push(CANCEL_REASONS[detail.reason as CancelReason] ?? null, text("reasonText"));
      break;
    case "on_hold":
      parts.push(text("reasonText"));
      break;
    default:
      parts.push(text("note"));
  }
  return parts.filter(Boolean).join(": ");
}
