// Demo patrol referrals (issue 20): officers of Caledonia Police referring people they met to
// money advice, housing and distress support, some with outcomes shared back; and Morag Strachan,
// referred on patrol months ago and booked into Northfirth custody since, whom custody recognised
// and whose case shows the whole history. Made through the domain's own functions, back-dated.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { custodyCentres, users } from "#db/schema";
import { currentConsentWording } from "~/domain/consents.server";
import { recordOffer } from "~/domain/custody.server";
import { reportOutcomes } from "~/domain/outcomes.server";
import type { PatrolReferralInput } from "~/domain/patrol";
import { recordPatrolReferral } from "~/domain/patrol.server";

const DAY = 86400_000;

type DemoPatrol = {
  daysAgo: number;
  person: { givenName: string; familyName: string; dateOfBirth: string };
  needDomain: PatrolReferralInput["needDomain"];
  areaId: string;
  serviceId: string;
  shareOutcomes: boolean;
  phone?: string;
  note?: string;
  /** What the service reported, days after the referral. */
  outcomes?: ("accepted" | "attended" | "did_not_attend")[];
};

const PATROLS: DemoPatrol[] = [
  {
    daysAgo: 96,
    person: { givenName: "Morag", familyName: "Strachan", dateOfBirth: "1986-09-14" },
    needDomain: "money",
    areaId: "la-northfirth",
    serviceId: "svc-money-advice",
    shareOutcomes: true,
    phone: "07700900461",
    note: "Met at the food bank on Harbour Street; rent arrears and a court letter she is frightened to open.",
    outcomes: ["accepted", "attended"],
  },
  {
    daysAgo: 40,
    person: { givenName: "Callum", familyName: "Baird", dateOfBirth: "1994-02-03" },
    needDomain: "mental_health",
    areaId: "la-westmuir",
    serviceId: "svc-ardlachan-wellbeing",
    shareOutcomes: true,
    outcomes: ["accepted", "attended"],
  },
  {
    daysAgo: 21,
    person: { givenName: "Shona", familyName: "Kerr", dateOfBirth: "1979-11-22" },
    needDomain: "housing",
    areaId: "la-kelmoor",
    serviceId: "svc-harbour-housing",
    shareOutcomes: false,
    outcomes: ["accepted", "did_not_attend"],
  },
  {
    daysAgo: 2,
    person: { givenName: "Iain", familyName: "Munro", dateOfBirth: "2001-05-30" },
    needDomain: "money",
    areaId: "la-kelmoor",
    serviceId: "svc-money-advice",
    shareOutcomes: true,
    phone: "07700900472",
  },
];

export function seedDemoPatrol(db: Db, now = new Date()) {
  const officer = db.select().from(users).where(eq(users.email, "officer@pathway.example")).get();
  if (!officer) return { patrolReferrals: 0 };
  const audit = { userId: officer.id, organisationId: officer.organisationId, ipAddress: null };
  const wording = currentConsentWording(db, "refer_to_service")!;
  const made: { personId: string; onwardReferralId: string }[] = [];
  for (const patrol of PATROLS) {
    const at = new Date(now.getTime() - patrol.daysAgo * DAY);
    const recorded = recordPatrolReferral(
      db,
      audit,
      officer.organisationId,
      {
        ...patrol.person,
        personId: undefined,
        newPersonReason: undefined,
        needDomain: patrol.needDomain,
        areaId: patrol.areaId,
        serviceId: patrol.serviceId,
        note: patrol.note,
        consentConfirmed: true,
        consentMethod: "verbal",
        consentWordingId: wording.id,
        shareOutcomes: patrol.shareOutcomes,
        contactByPhone: Boolean(patrol.phone),
        phone: patrol.phone,
      },
      at,
    );
    made.push(recorded);
    if (patrol.outcomes?.length) {
      const serviceOrganisationId = db.$client
        .prepare("SELECT organisation_id AS id FROM services WHERE id = ?")
        .get(patrol.serviceId) as { id: string };
      reportOutcomes(
        db,
        { userId: null, organisationId: serviceOrganisationId.id, ipAddress: null },
        recorded.onwardReferralId,
        patrol.outcomes.map((kind, index) => ({
          kind,
          occurredOn: new Date(at.getTime() + (index * 7 + 2) * DAY).toISOString().slice(0, 10),
        })) as never,
        { source: "web", now: new Date(at.getTime() + 10 * DAY) },
      );
    }
  }

  // Morag Strachan, known from her patrol referral, booked into Northfirth custody ten days ago:
  // custody picked her from the matches, so her case holds both referrals.
  const custodyOfficer = db.select().from(users).where(eq(users.email, "custody@pathway.example")).get()!;
  const centre = db.select().from(custodyCentres).where(eq(custodyCentres.id, "cc-northfirth")).get()!;
  const bookedAt = new Date(now.getTime() - 10 * DAY);
  recordOffer(
    db,
    { userId: custodyOfficer.id, organisationId: custodyOfficer.organisationId, ipAddress: null },
    centre,
    {
      result: "accepted",
      custodyReference: `NFC/${String(bookedAt.getUTCFullYear()).slice(2)}/009861`,
      personId: made[0].personId,
      arrivedAt: bookedAt.toISOString(),
      disclosedNeeds: ["money", "alcohol"],
      consentConfirmed: true,
      consentMethod: "verbal",
      consentWordingId: currentConsentWording(db, "speak_to_worker")!.id,
      contactAfterRelease: false,
    } as never,
    bookedAt,
  );
  return { patrolReferrals: PATROLS.length };
}
