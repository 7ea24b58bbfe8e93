// The arrest referral state machine: every change of state is checked here and nowhere else.
import type { ReferralState } from "#db/schema";

export type ReferralEvent =
  | "claim"
  | "release_claim"
  | "person_released"
  | "complete_assessment"
  | "close"
  | "reopen";

export const CLOSURE_REASONS = {
  onward_referrals_made: "Onward referrals made",
  no_needs_identified: "No needs identified",
  declined_at_interview: "Declined at interview",
  unable_to_contact: "Unable to contact",
  consent_withdrawn: "Consent withdrawn",
  transferred: "Transferred to another provider",
  duplicate: "Duplicate referral",
  recorded_in_error: "Recorded in error (cancelled by custody)",
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASONS;

export const referralStateLabels: Record<ReferralState, string> = {
  new: "Waiting for a worker",
  claimed: "With a worker",
  follow_up: "Released before seen: community follow-up",
  assessed: "Assessed",
  closed: "Closed",
};

const transitions: Record<ReferralEvent, Partial<Record<ReferralState, ReferralState>>> = {
  claim: { new: "claimed" },
  release_claim: { claimed: "new" },
  person_released: { new: "follow_up", claimed: "follow_up" },
  complete_assessment: { claimed: "assessed", follow_up: "assessed", assessed: "assessed" },
  close: { new: "closed", claimed: "closed", follow_up: "closed", assessed: "closed" },
  reopen: { closed: "claimed" },
};

const refusals: Record<ReferralEvent, string> = {
  claim: "Only a referral waiting for a worker can be claimed.",
  release_claim: "Only a claimed referral can be released back to the queue.",
  person_released: "The person's release only changes a referral that has not yet been seen.",
  complete_assessment: "An assessment can be completed only once the referral has been claimed or is in follow-up.",
  close: "This referral is already closed.",
  reopen: "Only a closed referral can be reopened.",
};

export type TransitionResult = { ok: true; state: ReferralState } | { ok: false; message: string };

export function nextReferralState(current: ReferralState, event: ReferralEvent): TransitionResult {
  const state = transitions[event][current];
  if (!state) return { ok: false, message: `${refusals[event]} It is now “${referralStateLabels[current]}”.` };
  return { ok: true, state };
}
