// Makes the records a test needs through the same domain functions the app uses.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  campaignPageOpens,
  consents,
  custodyCentres,
  needsAssessments,
  onwardReferrals,
  users,
  type NeedDomain,
  type OnwardReferralStatus,
} from "#db/schema";
import { currentConsentWording } from "~/domain/consents.server";
import type { AcceptedOffer } from "~/domain/custody";
import { recordOffer } from "~/domain/custody.server";
import type { NaloxoneReportInput } from "~/domain/naloxone";
import { recordNaloxoneReport } from "~/domain/naloxone.server";

let sequence = 0;

/** A custody reference in the centre's format, unique within a test run. */
export function uniqueCustodyReference(centreCode: string) {
  sequence += 1;
  const digits = String((Date.now() * 7 + sequence * 7919 + process.pid) % 1_000_000).padStart(6, "0");
  return `${centreCode}/26/${digits}`;
}

export function uniqueName(prefix: string) {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let n = Date.now() + (sequence += 1) * 104729 + process.pid;
  let suffix = "";
  for (let i = 0; i < 6; i++) {
    suffix += letters[n % 26];
    n = Math.floor(n / 26);
  }
  return `${prefix}${suffix}`;
}

export function makeReferral(
  db: Db,
  options: Partial<AcceptedOffer> & { centreId?: string; officerEmail?: string } = {},
) {
  const centreId = options.centreId ?? "cc-northfirth";
  const centre = db.select().from(custodyCentres).where(eq(custodyCentres.id, centreId)).get()!;
  const officer = db
    .select()
    .from(users)
    .where(eq(users.email, options.officerEmail ?? "custody@pathway.example"))
    .get()!;
  const wording = currentConsentWording(db, "speak_to_worker")!;
  const { centreId: _c, officerEmail: _o, ...overrides } = options;
  const offer: AcceptedOffer = {
    result: "accepted",
    custodyReference: uniqueCustodyReference(centre.code),
    givenName: uniqueName("Test"),
    familyName: uniqueName("Person"),
    dateOfBirth: "1988-03-14",
    arrivedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    disclosedNeeds: ["drugs"],
    consentConfirmed: true,
    consentMethod: "verbal",
    consentWordingId: wording.id,
    contactAfterRelease: false,
    ...overrides,
  } as AcceptedOffer;
  const recorded = recordOffer(
    db,
    { userId: officer.id, organisationId: officer.organisationId, ipAddress: "127.0.0.1" },
    centre,
    offer,
  );
  if (recorded.result !== "accepted") throw new Error("expected an accepted offer");
  return { ...recorded, offer, centre };
}

/** The person agrees that outcomes are shared back with custody on re-entry. */
export function giveOutcomeSharingConsent(db: Db, personId: string, recordedByEmail = "worker@pathway.example") {
  const worker = db.select().from(users).where(eq(users.email, recordedByEmail)).get()!;
  const id = `consent-${uniqueName("c")}`;
  db.insert(consents)
    .values({
      id,
      personId,
      scope: "share_outcomes_with_custody",
      method: "verbal",
      recordedByUserId: worker.id,
      recordedAt: new Date().toISOString(),
    })
    .run();
  return id;
}

/** An onward referral in a given status, as a service would have reported it. */
export function makeOnwardReferral(
  db: Db,
  options: { referralId: string; serviceId: string; status: OnwardReferralStatus; daysAgo?: number; id?: string },
) {
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.id, options.referralId)).get()!;
  const worker = db.select().from(users).where(eq(users.email, "worker@pathway.example")).get()!;
  const at = new Date(Date.now() - (options.daysAgo ?? 0) * 86400_000).toISOString();
  const id = options.id ?? `onward-${uniqueName("o")}`;
  db.insert(onwardReferrals)
    .values({
      id,
      arrestReferralId: referral.id,
      personId: referral.personId,
      serviceId: options.serviceId,
      needDomain: "drugs",
      status: options.status,
      createdByUserId: worker.id,
      referringOrganisationId: worker.organisationId,
      createdAt: at,
      updatedAt: at,
      lastOutcomeAt: at,
    })
    .run();
  return id;
}

/**
 * The person agrees to share these sections of their assessment with the onward referral's
 * service; with `answers`, a completed assessment holding them is recorded first.
 */
export function shareAssessmentWithService(
  db: Db,
  onwardReferralId: string,
  domains: NeedDomain[],
  answers?: Record<string, unknown>,
) {
  const onward = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onwardReferralId)).get()!;
  const worker = db.select().from(users).where(eq(users.email, "worker@pathway.example")).get()!;
  const at = new Date().toISOString();
  let assessmentId: string | null = null;
  if (answers) {
    assessmentId = `assessment-${uniqueName("a")}`;
    db.insert(needsAssessments)
      .values({
        id: assessmentId,
        arrestReferralId: onward.arrestReferralId,
        personId: onward.personId,
        status: "completed",
        workerUserId: worker.id,
        organisationId: worker.organisationId,
        answers,
        startedAt: at,
        updatedAt: at,
        completedAt: at,
      })
      .run();
  }
  const consentId = `consent-${uniqueName("s")}`;
  db.insert(consents)
    .values({
      id: consentId,
      personId: onward.personId,
      scope: "share_assessment_with_service",
      arrestReferralId: onward.arrestReferralId,
      serviceId: onward.serviceId,
      sharedDomains: domains,
      method: "verbal",
      recordedByUserId: worker.id,
      recordedAt: at,
    })
    .run();
  db.update(onwardReferrals).set({ consentId }).where(eq(onwardReferrals.id, onwardReferralId)).run();
  return { consentId, assessmentId };
}

/** A naloxone report as the form sends it: half an hour ago in Northfirth, nobody named. */
export const naloxoneReportInput = (extra: Partial<NaloxoneReportInput> = {}): NaloxoneReportInput => ({
  areaId: "la-northfirth",
  postcode: "",
  locationDescription: "Footpath by the river",
  administeredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
  patientState: "not_breathing",
  paraphernaliaPresent: true,
  doses: 2,
  ambulanceResponded: true,
  takenToHospital: true,
  person: null,
  ...extra,
});

/** A naloxone report filed by the demo's custody officer (org-police), and its NFO follow-up. */
export function makeNaloxoneReport(db: Db, extra: Partial<NaloxoneReportInput> = {}) {
  const officer = { userId: "user-custody", organisationId: "org-police", ipAddress: "127.0.0.1" };
  return recordNaloxoneReport(db, officer, naloxoneReportInput(extra));
}

/** How many times the campaign's page was opened, by the records themselves. */
export const campaignOpens = (db: Db, campaignId: string) =>
  db
    .select({ opens: campaignPageOpens.opens })
    .from(campaignPageOpens)
    .where(eq(campaignPageOpens.campaignId, campaignId))
    .all()
    .reduce((sum, row) => sum + row.opens, 0);
