// The audit log in plain words: each action code ("person.view") as what happened ("Viewed a
// person's record"), and an event's detail as "label: value" lines instead of JSON. The codes
// stay in the database and the CSV export, where tools read them. Pure.
import { consentScopeLabels } from "./consents";
import { needLabels } from "./custody";
import { onwardStatusLabels, outcomeEventLabels } from "./onward-referral-states";
import { isReferralState, referralStateLabel } from "./referral-states";

/** Every action Pathway writes, in the words of the administrator reading the log. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "api-key.create": "Created an API key",
  "api-key.revoke": "Revoked an API key",
  "area.create": "Added an area",
  "area.update": "Changed an area",
  "assessment.complete": "Completed a needs assessment",
  "assessment.save-draft": "Saved a needs assessment draft",
  "assessment.view": "Viewed a needs assessment",
  "audit.export": "Exported the audit log",
  "audit.view": "Viewed the audit log",
  "campaign.approve": "Approved an outreach campaign's text",
  "campaign.create": "Created an outreach campaign",
  "campaign.finish": "An outreach campaign finished sending",
  "campaign.numbers-erased": "Erased an outreach campaign's phone numbers (only keyed hashes kept)",
  "campaign.opt-out": "A number asked for no more campaign texts",
  "campaign.pause": "Paused an outreach campaign's sending",
  "campaign.refuse": "Refused an outreach campaign's text",
  "campaign.request-approval": "Asked for an outreach campaign's text to be approved",
  "campaign.resume": "Resumed an outreach campaign's sending",
  "campaign.start": "Started sending an outreach campaign",
  "campaign.stop": "Stopped an outreach campaign",
  "campaign.update-template": "Changed an outreach campaign's text",
  "campaign.upload-numbers": "Uploaded phone numbers to an outreach campaign",
  "consent-wording.create": "Changed the wording of a consent",
  "consent.record": "Recorded a consent",
  "consent.withdraw": "Recorded that a consent was withdrawn",
  "custody-centre.create": "Added a custody centre",
  "custody-centre.update": "Changed a custody centre",
  "custody-episode.release": "Recorded a release from custody",
  "custody-offer.accepted": "Recorded that the person accepted the offer of support",
  "custody-offer.declined": "Recorded that the person declined the offer of support",
  "custody-offer.not_fit": "Recorded that the person was not fit to be offered support",
  "custody-offer.not_offered": "Recorded that support was not offered",
  "custody-offer.reoffered": "Offered support again",
  "custody-throughput.import": "Uploaded custody throughput figures",
  "custody-throughput.save": "Saved custody throughput figures",
  "directory.export": "Exported the service directory",
  "directory.import": "Imported the service directory",
  "naloxone-report.create": "Filed a naloxone administration report (near-fatal overdose)",
  "onward-referral.create": "Made an onward referral",
  "organisation.create": "Added an organisation",
  "organisation.update": "Changed an organisation",
  "outcome-upload.apply": "Uploaded outcomes from a spreadsheet",
  "patrol-referral.create": "Referred a person to a service on patrol",
  "person.anonymised": "Anonymised a person's record (retention period over)",
  "person.create": "Created a person's record",
  "person.identify": "Recorded who a person not identified at a near-fatal overdose is",
  "person.link": "Linked a referral to an existing person",
  "person.merge": "Merged a duplicate person's records into another person",
  "person.merge-undo": "Undid a merge of duplicate people",
  "person.match-shown": "Was shown possible matches for a person",
  "person.search": "Searched for a person (the words searched for are not kept)",
  "person.view": "Viewed a person's record",
  "message.follow-up-text": "Sent a follow-up text message to a person",
  "message.permanent-failure": "A text message could not be delivered: the number no longer works",
  "referral.assign": "Assigned a referral to a worker",
  "referral.claim": "Took on a referral",
  "referral.close": "Closed a referral",
  "referral.complete_assessment": "Completed the referral's assessment",
  "referral.contact-attempt": "Recorded an attempt to contact the person",
  "referral.create": "Created a referral",
  "referral.person_released": "Recorded that the person was released",
  "referral.release_claim": "Handed a referral back",
  "referral.reopen": "Reopened a referral",
  "referral.self-referral": "A person asked for support on the self-referral page",
  "settings.self-referral-provider": "Chose the provider that answers self-referrals from anywhere else",
  "release-card.view": "Viewed a release card",
  "service.create": "Added a service",
  "service.verify": "Confirmed a service's details are up to date",
  "settings.update": "Changed the settings",
  "sign-in": "Signed in",
  "sign-in.failed": "Failed to sign in",
  "sign-in.password-accepted": "Entered the right password (two-factor code still to come)",
  "sign-out": "Signed out",
  "subject-access.download": "Downloaded a person's data (subject access)",
  "subject-access.search": "Searched for a person (subject access)",
  "subject-access.view": "Viewed a person's data (subject access)",
  "two-factor.code-refused": "Entered a wrong two-factor code",
  "two-factor.enrolled": "Set up two-factor sign-in",
  "two-factor.recovery-codes-replaced": "Replaced their two-factor recovery codes",
  "two-factor.reset": "Reset a user's two-factor sign-in",
  "user.alert-emails": "Changed how they get alert emails",
  "user.change-role": "Changed a user's role",
  "user.recover": "Let an administrator back in from the server (recovery command)",
  "user.deactivate": "Deactivated a user",
  "user.deactivate-inactive": "Deactivated a user who had not signed in for a long time",
  "user.invite": "Invited a user",
  "user.invite-link": "Sent an invitation link",
  "user.locked": "Locked a user out after repeated failed sign-ins",
  "user.password-set": "Set a password",
  "user.reactivate": "Reactivated a user",
  "user.reset-link": "Sent a password reset link",
  "user.unlock": "Unlocked a user",
  "user.update": "Changed a user's details",
  ...Object.fromEntries(
    Object.entries(outcomeEventLabels).map(([kind, label]) => [
      `onward-referral.${kind}`,
      `Onward referral: ${label.toLowerCase()}`,
    ]),
  ),
};

/** Groups for the filter ("person." means every person action). */
export const AUDIT_FAMILY_LABELS: Record<string, string> = {
  "api-key.": "API keys",
  "area.": "Areas",
  "assessment.": "Needs assessments",
  "audit.": "The audit log",
  "consent-wording.": "Consent wording",
  "consent.": "Consents",
  "custody-centre.": "Custody centres",
  "custody-episode.": "Custody episodes",
  "custody-offer.": "Offers of support in custody",
  "custody-throughput.": "Custody throughput figures",
  "directory.": "The service directory",
  "onward-referral.": "Onward referrals",
  "organisation.": "Organisations",
  "outcome-upload.": "Outcome uploads",
  "person.": "People's records",
  "referral.": "Referrals",
  "release-card.": "Release cards",
  "service.": "Services",
  "settings.": "Settings",
  "sign-in.": "Signing in",
  "sign-out.": "Signing out",
  "subject-access.": "Subject access",
  "two-factor.": "Two-factor sign-in",
  "user.": "Users",
};

const words = (code: string) => code.replace(/[._-]+/g, " ").trim();

/** What an action means; a code Pathway does not know (from an older version) reads as words. */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action)
    ? AUDIT_ACTION_LABELS[action]
    : words(action).replace(/^./, (c) => c.toUpperCase());
}

export function auditFamilyLabel(family: string): string {
  return Object.hasOwn(AUDIT_FAMILY_LABELS, family)
    ? AUDIT_FAMILY_LABELS[family]
    : words(family).replace(/^./, (c) => c.toUpperCase());
}

/** Names of the detail fields Pathway writes, where camelCase would not read well. */
const DETAIL_LABELS: Record<string, string> = {
  from: "From",
  to: "To",
  source: "Reported through",
  eventId: "Event",
  serviceId: "Service",
  sharedDomains: "Sections shared",
  scope: "Consent",
  expiresAt: "Expires",
  before: "Older than event",
  userId: "User",
  organisationId: "Organisation",
  personId: "Person",
  recordId: "Record",
  action: "Action",
  survivingPersonId: "Person who stays",
  mergedPersonId: "Duplicate merged into them",
  moved: "Records moved",
  putBack: "Records put back",
  filled: "Details filled in from the duplicate",
  earlierMerges: "Earlier duplicates",
};

function labelOf(key: string): string {
  if (Object.hasOwn(DETAIL_LABELS, key)) return DETAIL_LABELS[key];
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
  return spaced.replace(/^./, (c) => c.toUpperCase());
}

function valueOf(value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length ? value.map(valueOf).join(", ") : "none";
  if (typeof value === "object")
    return detailLines(value)
      .map((l) => `${l.label} ${l.value}`)
      .join("; ");
  const text = String(value);
  if (text === "web") return "Pathway's pages";
  if (text === "api") return "the service's own system (API)";
  if (text === "csv") return "a spreadsheet upload";
  if (Object.hasOwn(consentScopeLabels, text)) return consentScopeLabels[text as keyof typeof consentScopeLabels];
  if (Object.hasOwn(needLabels, text)) return needLabels[text as keyof typeof needLabels];
  if (Object.hasOwn(onwardStatusLabels, text)) return onwardStatusLabels[text as keyof typeof onwardStatusLabels];
  // An audit row does not say where the referral came from: words that fit every source.
  if (isReferralState(text)) return referralStateLabel(text, null);
  return text;
}

export type DetailLine = { label: string; value: string };

/** An event's detail as label and value lines; text that is not JSON is shown as it is. */
export function detailLines(detail: unknown): DetailLine[] {
  let parsed = detail;
  if (typeof detail === "string") {
    if (!detail.trim()) return [];
    try {
      parsed = JSON.parse(detail);
    } catch {
      return [{ label: "Detail", value: detail }];
    }
  }
  if (parsed === null || parsed === undefined) return [];
  if (typeof parsed !== "object" || Array.isArray(parsed)) return [{ label: "Detail", value: valueOf(parsed) }];
  return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
    label: labelOf(key),
    value: valueOf(value),
  }));
}
