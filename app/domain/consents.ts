// What each kind of consent covers, in the words shown to people.
import { z } from "zod";
import type { ConsentScope } from "#db/schema";

export const consentScopeLabels: Record<ConsentScope, string> = {
  speak_to_worker: "To see an arrest referral worker",
  share_assessment_with_service: "To share assessment sections with a service",
  contact_after_release: "To be contacted after release",
  share_outcomes_with_custody: "To share outcomes with custody on return",
  refer_to_service: "To be referred by a police officer to a service",
  share_outcomes_with_police: "To share outcomes with the police force that referred them",
  self_referral: "To be contacted after asking for support online",
};

/**
 * The consents an onward referral may rest on: the worker's share of assessment sections, or the
 * person's agreement on patrol to be referred to the service. The service sees the person only
 * while it stands.
 */
export const ONWARD_REFERRAL_CONSENT_SCOPES = [
  "share_assessment_with_service",
  "refer_to_service",
] as const satisfies readonly ConsentScope[];

/** The consents a referral worker records at assessment (the others come with an offer or a referral). */
export const CONSENTS_RECORDED_BY_WORKERS = [
  "contact_after_release",
  "share_outcomes_with_custody",
] as const satisfies readonly ConsentScope[];
export type ConsentRecordedByWorker = (typeof CONSENTS_RECORDED_BY_WORKERS)[number];

/** How a person agrees in front of an officer or a worker (the self-referral page records "online"). */
export const IN_PERSON_CONSENT_METHODS = ["verbal", "signed"] as const;
export type InPersonConsentMethod = (typeof IN_PERSON_CONSENT_METHODS)[number];
export const consentMethodLabels: Record<InPersonConsentMethod, string> = { verbal: "Verbally", signed: "Signed" };

/** A form's answer to "How they agreed": verbally unless a signature is chosen. */
export const consentMethodField = () =>
  z.enum(IN_PERSON_CONSENT_METHODS, { message: "Choose how they agreed" }).default("verbal");
