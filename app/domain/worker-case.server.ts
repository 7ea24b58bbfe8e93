// Everything a referral worker's case page shows, read in one place: the page's loader calls
// workerCaseView and renders what it returns.
import { eq } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { people } from "#db/schema";
import { isoToUkLocal } from "~/utils/dates";
import { listAssessmentVersions } from "./assessments.server";
import { recordPersonViewed, type ActorAudit } from "./audit.server";
import { consentScopeLabels } from "./consents";
import { listConsentsForPerson } from "./consents.server";
import { shouldSuggestUnableToContact } from "./contact-attempts";
import { findOrganisation } from "./organisations.server";
import { listOnwardReferralsForArrestReferral } from "./outcomes.server";
import { workerPersonHistory } from "./people.server";
import { consentAllows, consentResource, type Actor } from "./permissions";
import { phoneLink } from "./phone-numbers";
import { allowedReferralEvents } from "./referral-states";
import { listContactAttempts, listStateChanges, workerName } from "./referrals.server";
import { selfReferralView } from "./self-referrals.server";
import type { custodyReferralView } from "./custody.server";

type ReferralView = NonNullable<ReturnType<typeof custodyReferralView>>;

type Episode = NonNullable<ReferralView["episode"]>;
export type EpisodeSummary = ReturnType<typeof summarise>;

/** What every page shows of the custody episode (none for a referral from outside custody). */
export function episodeSummary(episode: Episode): EpisodeSummary;
export function episodeSummary(episode: Episode | null): EpisodeSummary | null;
export function episodeSummary(episode: Episode | null): EpisodeSummary | null {
  return episode ? summarise(episode) : null;
}

function summarise(episode: Episode) {
  return {
    custodyReference: episode.custodyReference,
    arrivedAt: episode.arrivedAt,
    releasedAt: episode.releasedAt,
    disclosedNeeds: episode.disclosedNeeds,
    disclosedOther: episode.disclosedOther,
    safetyNotes: episode.safetyNotes,
    custodyCentreId: episode.custodyCentreId,
  };
}

/**
 * The case as the worker sees it. Reading it is recorded in the audit log as a view of the
 * person. `allowed` lists what the state machine lets this worker do now: the page offers
 * exactly those actions.
 */
export function workerCaseView(db: Queryable, actor: Actor, audit: ActorAudit, view: ReferralView, now = new Date()) {
  const { referral, person } = view;
  recordPersonViewed(db, audit, person.id, { via: "arrest-referral", recordId: referral.id });
  const provider = findOrganisation(db, audit.organisationId)!;
  const attempts = listContactAttempts(db, referral.id);
  // Only the consents this provider may see: its own (another provider's are not named to it).
  const consents = listConsentsForPerson(db, person.id).filter((c) =>
    consentAllows(actor, consentResource(c.consent, c), "consent"),
  );
  return {
    referral: {
      id: referral.id,
      state: referral.state,
      createdAt: referral.createdAt,
      closureReason: referral.closureReason,
      isMine: referral.assignedWorkerId === audit.userId,
      assignedWorkerId: referral.assignedWorkerId,
      releasedBeforeSeen: referral.releasedBeforeSeen,
    },
    allowed: [...allowedReferralEvents(referral, { role: "referral_worker", userId: audit.userId })],
    assignedWorkerName: referral.assignedWorkerId ? workerName(db, referral.assignedWorkerId) : null,
    episode: episodeSummary(view.episode),
    person: { givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth },
    centreName: view.centreName,
    source: referral.source,
    selfReferral: referral.source === "self_referral" ? selfReferralView(db, referral.id) : null,
    contactAfterRelease: contactAfterRelease(db, person.id, consents),
    assessments: listAssessmentVersions(db, referral.id).map((a) => ({
      id: a.id,
      version: a.assessmentVersion,
      status: a.status,
      updatedAt: a.updatedAt,
      completedAt: a.completedAt,
    })),
    onwardReferrals: listOnwardReferralsForArrestReferral(db, referral.id),
    consents: consents.map((c) => ({
      id: c.consent.id,
      scope: c.consent.scope,
      label: consentScopeLabels[c.consent.scope],
      serviceName: c.serviceName,
      recordedAt: c.consent.recordedAt,
      recordedByName: c.recordedByName,
      withdrawnAt: c.consent.withdrawnAt,
    })),
    history: workerPersonHistory(db, person.id, referral.id, audit.organisationId),
    attempts: attempts.map((a) => ({ ...a.attempt, workerName: a.workerName })),
    suggestUnableToContact:
      referral.state === "follow_up" &&
      shouldSuggestUnableToContact(
        attempts.map((a) => a.attempt),
        provider.followUpAttemptLimit,
      ),
    followUpAttemptLimit: provider.followUpAttemptLimit,
    stateChanges: listStateChanges(db, referral.id).map((c) => ({ ...c.change, actorName: c.actorName })),
    nowLocal: isoToUkLocal(now.toISOString()),
  };
}

/**
 * How the person agreed to be reached after release: the consent in force and, only while it
 * is, the phone number custody took with it.
 */
function contactAfterRelease(db: Queryable, personId: string, consents: ReturnType<typeof listConsentsForPerson>) {
  // A self-referral's consent is itself an agreement to be contacted, in the way the person chose.
  const inForce = consents.find(
    (c) =>
      (c.consent.scope === "contact_after_release" || c.consent.scope === "self_referral") && !c.consent.withdrawnAt,
  );
  if (!inForce) return null;
  const phone = db.select({ phone: people.phone }).from(people).where(eq(people.id, personId)).get()?.phone;
  return {
    label: consentScopeLabels[inForce.consent.scope],
    method: inForce.consent.method,
    contactMethod: inForce.consent.contactMethod,
    recordedAt: inForce.consent.recordedAt,
    recordedByName: inForce.recordedByName,
    phone: phone ? phoneLink(phone) : null,
  };
}
