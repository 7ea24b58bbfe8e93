// The arrest referral state machine: every change of state is checked here and nowhere else.
import type { ReferralSource, ReferralState } from "#db/schema";

/**
 * What can happen to an arrest referral. Most events change its state; a few (taking on a
 * follow-up, a contact attempt, an onward referral) are allowed only in some states but leave
 * the state as it is.
 */
export type ReferralEvent =
  | "claim"
  | "take_on"
  | "release_claim"
  | "person_released"
  | "assess"
  | "complete_assessment"
  | "refer_onward"
  | "record_contact_attempt"
  | "close"
  | "cancel"
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

const stateLabels: Record<ReferralState, string> = {
  new: "Waiting for a worker",
  claimed: "With a worker",
  follow_up: "Community follow-up",
  assessed: "Assessed",
  closed: "Closed",
};

/** A follow-up is the same state whatever the door, but only custody's person was released. */
const followUpLabels: Record<ReferralSource, string> = {
  custody: "Released before seen: community follow-up",
  naloxone: "Near-fatal overdose: follow-up",
  patrol: "Community follow-up",
  self_referral: "Asked for support: follow-up",
};

/**
 * What a referral's state is called, in words that fit the door it came through: every page,
 * CSV and message asks here. `null` where the source is not known (an audit row's detail): the
 * words then say nothing of custody.
 */
export function referralStateLabel(state: ReferralState, source: ReferralSource | null): string {
  if (state === "follow_up" && source) return followUpLabels[source];
  return stateLabels[state];
}

/** Is `text` a state's code (as audit details hold it)? */
export const isReferralState = (text: string): text is ReferralState => Object.hasOwn(stateLabels, text);

const transitions: Record<ReferralEvent, Partial<Record<ReferralState, ReferralState>>> = {
  claim: { new: "claimed" },
  take_on: { follow_up: "follow_up" },
  release_claim: { claimed: "new" },
  person_released: { new: "follow_up", claimed: "follow_up" },
  assess: { claimed: "claimed", follow_up: "follow_up", assessed: "assessed" },
  complete_assessment: { claimed: "assessed", follow_up: "assessed", assessed: "assessed" },
  refer_onward: { claimed: "claimed", follow_up: "follow_up", assessed: "assessed" },
  record_contact_attempt: { follow_up: "follow_up" },
  close: { new: "closed", claimed: "closed", follow_up: "closed", assessed: "closed" },
  cancel: { new: "closed" },
  reopen: { closed: "claimed" },
};

const refusals: Record<ReferralEvent, string> = {
  claim: "Only a referral waiting for a worker can be claimed.",
  take_on: "Only a community follow-up can be taken on.",
  release_claim: "Only a claimed referral can be released back to the queue.",
  person_released: "The person's release only changes a referral that has not yet been seen.",
  assess: "Claim this referral before you start the assessment; a closed referral must be reopened first.",
  complete_assessment: "An assessment can be completed only once the referral has been claimed or is in follow-up.",
  refer_onward: "Referring on needs a referral that a worker has and that is not closed.",
  record_contact_attempt: "Contact attempts are recorded while a referral is in community follow-up.",
  close: "This referral is already closed.",
  cancel: "A referral a worker has already picked up cannot be cancelled; ask the referral worker to close it.",
  reopen: "Only a closed referral can be reopened.",
};

/** Who is acting: their role, and which user (for "only the worker who has it"). */
export type ReferralActor = { role: "referral_worker" | "custody_officer"; userId: string };

/**
 * What the rules need to know of a referral. `awaitingConsent`: an NFO follow-up whose person
 * has not yet agreed to see a worker (decision 029).
 */
export type ReferralFacts = {
  state: ReferralState;
  source: ReferralSource;
  assignedWorkerId: string | null;
  awaitingConsent?: boolean;
};

/** What waits for the person's consent on an NFO follow-up: everything beyond reaching them. */
const NEEDS_CONSENT: ReadonlySet<ReferralEvent> = new Set(["assess", "complete_assessment", "refer_onward"]);
const AWAITING_CONSENT_MESSAGE =
  "The person has not yet agreed to see a worker. Reach them first, then record their consent.";

type Who = "worker" | "assigned worker" | "assigned or no worker" | "unassigned" | "worker or custody" | "custody";

/** Who may raise each event, besides the state allowing it. */
const raisedBy: Record<ReferralEvent, Who> = {
  claim: "worker",
  take_on: "unassigned",
  release_claim: "assigned worker",
  person_released: "worker or custody",
  // A follow-up nobody has taken on yet may be assessed by whoever reaches the person.
  assess: "assigned or no worker",
  complete_assessment: "assigned or no worker",
  refer_onward: "assigned worker",
  record_contact_attempt: "worker",
  close: "worker",
  cancel: "custody",
  reopen: "worker",
};

function whoRefusal(who: Who, referral: ReferralFacts): string {
  switch (who) {
    case "custody":
      return "Only custody can cancel a referral made in error.";
    case "unassigned":
      return "A worker has already taken this on.";
    default:
      return referral.assignedWorkerId
        ? "Another worker has this referral; only they can do this."
        : "Claim this referral first.";
  }
}

function mayRaise(who: Who, referral: ReferralFacts, actor: ReferralActor): boolean {
  const isWorker = actor.role === "referral_worker";
  switch (who) {
    case "worker":
      return isWorker;
    case "custody":
      return actor.role === "custody_officer";
    case "worker or custody":
      return true;
    case "assigned worker":
      return isWorker && referral.assignedWorkerId === actor.userId;
    case "assigned or no worker":
      return isWorker && (referral.assignedWorkerId === null || referral.assignedWorkerId === actor.userId);
    case "unassigned":
      return isWorker && referral.assignedWorkerId === null;
  }
}

export type TransitionResult = { ok: true; state: ReferralState } | { ok: false; message: string };

/** The state an event leads to, by the table alone (who raises it is not considered). */
export function nextReferralState(
  referral: Pick<ReferralFacts, "state" | "source">,
  event: ReferralEvent,
): TransitionResult {
  const state = transitions[event][referral.state];
  if (!state)
    return {
      ok: false,
      message: `${refusals[event]} It is now “${referralStateLabel(referral.state, referral.source)}”.`,
    };
  return { ok: true, state };
}

/** May this actor raise this event on this referral now? With the state it leads to, or why not. */
export function checkReferralEvent(
  referral: ReferralFacts,
  actor: ReferralActor,
  event: ReferralEvent,
): TransitionResult {
  const next = nextReferralState(referral, event);
  if (!next.ok) return next;
  if (referral.awaitingConsent && NEEDS_CONSENT.has(event)) return { ok: false, message: AWAITING_CONSENT_MESSAGE };
  if (!mayRaise(raisedBy[event], referral, actor)) return { ok: false, message: whoRefusal(raisedBy[event], referral) };
  return next;
}

const ALL_EVENTS = Object.keys(transitions) as ReferralEvent[];

/** Every event this actor may raise on this referral now: what pages offer and actions accept. */
export function allowedReferralEvents(referral: ReferralFacts, actor: ReferralActor): Set<ReferralEvent> {
  return new Set(ALL_EVENTS.filter((event) => checkReferralEvent(referral, actor, event).ok));
}
