// What each kind of consent covers, in the words shown to people.
import type { ConsentScope } from "#db/schema";

export const consentScopeLabels: Record<ConsentScope, string> = {
  speak_to_worker: "To see an arrest referral worker",
  share_assessment_with_service: "To share assessment sections with a service",
  contact_after_release: "To be contacted after release",
  share_outcomes_with_custody: "To share outcomes with custody on return",
  self_referral: "To be contacted after asking for support online",
};

/** The consents a referral worker records at assessment (the others come with an offer or a referral). */
export const CONSENTS_RECORDED_BY_WORKERS = [
  "contact_after_release",
  "share_outcomes_with_custody",
] as const satisfies readonly ConsentScope[];
export type ConsentRecordedByWorker = (typeof CONSENTS_RECORDED_BY_WORKERS)[number];
