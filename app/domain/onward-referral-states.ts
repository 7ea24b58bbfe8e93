// Onward referral status: the HL7 FHIR R4 Task status values of a closed-loop referral, and
// which outcome event moves which status. Every change of status is checked here.
import type { OnwardReferralStatus, OutcomeEventKind, ServiceKind } from "#db/schema";

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

/** For each outcome event, the statuses it may be reported in and the status it leads to. */
const eventTransitions: Record<OutcomeEventKind, { from: readonly OnwardReferralStatus[]; to: OnwardReferralStatus | "same" }> = {
  accepted: { from: ["requested"], to: "accepted" },
  declined: { from: ["requested"], to: "rejected" },
  appointment_booked: { from: ["accepted", "in-progress", "on-hold"], to: "same" },
  attended: { from: ["accepted", "in-progress"], to: "in-progress" },
  did_not_attend: { from: ["accepted", "in-progress"], to: "same" },
  engagement_check_4_weeks: { from: ["in-progress", "on-hold"], to: "same" },
  engagement_check_12_weeks: { from: ["in-progress", "on-hold"], to: "same" },
  on_hold: { from: ["accepted", "in-progress"], to: "on-hold" },
  resumed: { from: ["on-hold"], to: "in-progress" },
  ended: { from: ["accepted", "in-progress", "on-hold"], to: "completed" },
  cancelled: { from: ["requested", "accepted", "in-progress", "on-hold"], to: "cancelled" },
};

export const END_REASONS = {
  completed: "Completed as planned",
  disengaged: "Disengaged",
  transferred: "Transferred to another service",
  moved_away: "Moved away",
  custody_or_prison: "Back in custody or prison",
  died: "Died",
} as const;
export type EndReason = keyof typeof END_REASONS;

export type StatusChange = { ok: true; status: OnwardReferralStatus } | { ok: false; message: string };

/** The status after `event`, or why the event cannot be reported now. Ending splits on its reason. */
export function nextOnwardStatus(current: OnwardReferralStatus, event: OutcomeEventKind, endReason?: EndReason): StatusChange {
  const rule = eventTransitions[event];
  if (!rule.from.includes(current)) {
    return { ok: false, message: `“${event.replace(/_/g, " ")}” cannot be recorded while the referral is “${onwardStatusLabels[current]}”.` };
  }
  if (event === "ended") return { ok: true, status: endReason === "completed" || endReason === "transferred" ? "completed" : "failed" };
  return { ok: true, status: rule.to === "same" ? current : rule.to };
}

export const isOpenOnwardStatus = (status: OnwardReferralStatus) => ["requested", "accepted", "in-progress", "on-hold"].includes(status);
