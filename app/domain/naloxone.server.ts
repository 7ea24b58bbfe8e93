// Naloxone administration reports and the near-fatal overdose (NFO) follow-ups they create
// (decision 029): the report, the provider covering the place, a person who may not be known
// yet, the consent that opens the case, and naming the person later — never silently.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  areas,
  arrestReferrals,
  consents,
  custodyCentres,
  naloxoneReports,
  needsAssessments,
  onwardReferrals,
  organisations,
  people,
  messages,
  personMerges,
  providerAreas,
  referralStateChanges,
} from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { currentConsentWording, insertConsent } from "./consents.server";
import { DomainError } from "./errors";
import { isExactMatch, isStrongMatch, nameKey } from "./people";
import { findLikelyMatches, type PersonMatch } from "./people.server";
import { findReferral } from "./referrals.server";
import type { NaloxoneReportInput, NfoSummary } from "./naloxone";

/** The local authority areas a force's officers report from: those of its custody centres. */
export function forceAreas(db: Queryable, policeOrganisationId: string) {
  return db
    .selectDistinct({ id: areas.id, name: areas.name })
    .from(custodyCentres)
    .innerJoin(areas, eq(areas.id, custodyCentres.localAuthorityAreaId))
    .where(eq(custodyCentres.policeOrganisationId, policeOrganisationId))
    .orderBy(asc(areas.name))
    .all();
}

/** The referral provider that follows up NFOs in an area (the first by name if several cover it). */
export function providerCoveringArea(db: Queryable, areaId: string) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(providerAreas)
    .innerJoin(organisations, eq(organisations.id, providerAreas.organisationId))
    .where(
      and(
        eq(providerAreas.areaId, areaId),
        eq(organisations.kind, "referral_provider"),
        eq(organisations.isActive, true),
      ),
    )
    .orderBy(asc(organisations.name))
    .limit(1)
    .get();
}

export type RecordedNaloxoneReport = {
  reportId: string;
  referralId: string | null;
  providerName: string | null;
  personId: string;
};

/** The person named in a report or by a worker: a known one chosen, or a new one, never a silent match. */
type Naming = {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  personId?: string;
  newPersonReason?: string;
};

/** Refuses a naming that matches someone known until the user says who it is (decision 015). */
function answerMatches(tx: Queryable, naming: Naming, excludePersonId?: string): PersonMatch[] | "new" {
  const known = findLikelyMatches(tx, naming).filter((m) => m.personId !== excludePersonId);
  const strong = known.filter(isStrongMatch);
  if (strong.length && naming.personId !== "new") {
    throw new DomainError("Say whether this is someone already known to Pathway, or a different person", {
      field: "personId",
      status: 400,
      detail: {
        matches: strong.map((m) => ({
          personId: m.personId,
          givenName: m.givenName,
          familyName: m.familyName,
          dateOfBirth: m.dateOfBirth,
        })),
      },
    });
  }
  const exact = known.filter(isExactMatch);
  if (exact.length && !naming.newPersonReason) {
    throw new DomainError(
      "Say why this is a different person although someone with the same name and date of birth is known",
      { field: "newPersonReason", status: 400 },
    );
  }
  return strong.length ? strong : "new";
}

function knownPerson(tx: Queryable, personId: string) {
  const person = tx
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        eq(people.id, personId),
        eq(people.isIdentified, true),
        isNull(people.anonymisedAt),
        isNull(people.mergedIntoPersonId),
      ),
    )
    .get();
  if (!person)
    throw new DomainError("The person picked could not be found: try again.", { field: "personId", status: 400 });
  return person.id;
}

/**
 * Records the report and, when a provider covers the area, the NFO follow-up: a referral from
 * the "naloxone" door, waiting for contact and for the person's consent. All in one transaction.
 */
export function recordNaloxoneReport(
  db: Db,
  audit: ActorAudit,
  input: NaloxoneReportInput,
  now = new Date(),
): RecordedNaloxoneReport {
  const at = now.toISOString();
  return db.transaction((tx) => {
    if (!forceAreas(tx, audit.organisationId).some((a) => a.id === input.areaId))
      throw new DomainError("Choose one of your force's local authority areas", { field: "areaId", status: 400 });

    let personId: string;
    if (input.person && input.personId && input.personId !== "new") {
      // Only someone the matching offered for the details typed may be chosen.
      const offered = findLikelyMatches(tx, input.person).filter(isStrongMatch);
      if (!offered.some((m) => m.personId === input.personId))
        throw new DomainError("Choose one of the people shown, or that this is someone else", {
          field: "personId",
          status: 400,
        });
      personId = knownPerson(tx, input.personId);
      recordAudit(tx, audit, { action: "person.link", recordType: "person", recordId: personId, personId });
    } else if (input.person) {
      const naming = { ...input.person, personId: input.personId, newPersonReason: input.newPersonReason };
      const strong = answerMatches(tx, naming);
      personId = newId();
      tx.insert(people)
        .values({
          id: personId,
          givenName: input.person.givenName,
          familyName: input.person.familyName,
          dateOfBirth: input.person.dateOfBirth,
          givenNameKey: nameKey(input.person.givenName),
          familyNameKey: nameKey(input.person.familyName),
          lastActivityAt: at,
          newPersonReason: strong === "new" ? null : (input.newPersonReason ?? null),
        })
        .run();
      recordAudit(tx, audit, {
        action: "person.create",
        recordType: "person",
        recordId: personId,
        personId,
        ...(strong === "new" ? {} : { detail: { notTheSameAs: strong.map((m) => m.personId) } }),
      });
    } else {
      // Someone who could not say who they are: a person row nobody can match or find until named.
      personId = newId();
      tx.insert(people)
        .values({
          id: personId,
          givenName: "",
          familyName: "",
          dateOfBirth: "",
          givenNameKey: "",
          familyNameKey: "",
          isIdentified: false,
          lastActivityAt: at,
        })
        .run();
      recordAudit(tx, audit, {
        action: "person.create",
        recordType: "person",
        recordId: personId,
        personId,
        detail: { identified: false },
      });
    }

    const provider = providerCoveringArea(tx, input.areaId);
    let referralId: string | null = null;
    if (provider) {
      referralId = newId();
      tx.insert(arrestReferrals)
        .values({
          id: referralId,
          personId,
          source: "naloxone",
          custodyEpisodeId: null,
          custodyCentreId: null,
          providerOrganisationId: provider.id,
          policeOrganisationId: audit.organisationId,
          areaId: input.areaId,
          // A follow-up in the community: the worker records contact attempts, then consent.
          state: "follow_up",
          awaitingConsent: true,
          createdByUserId: audit.userId,
          createdAt: at,
          updatedAt: at,
        })
        .run();
      tx.insert(referralStateChanges)
        .values({
          id: newId(),
          arrestReferralId: referralId,
          fromState: null,
          toState: "follow_up",
          reason: "Near-fatal overdose: naloxone given by police",
          actorUserId: audit.userId,
          at,
        })
        .run();
      recordAudit(tx, audit, {
        action: "referral.create",
        recordType: "arrest_referral",
        recordId: referralId,
        personId,
        detail: { source: "naloxone", providerOrganisationId: provider.id },
      });
    }

    const reportId = newId();
    tx.insert(naloxoneReports)
      .values({
        id: reportId,
        policeOrganisationId: audit.organisationId,
        reportedByUserId: audit.userId,
        administeredAt: input.administeredAt,
        areaId: input.areaId,
        postcode: input.postcode,
        locationDescription: input.locationDescription,
        patientState: input.patientState,
        paraphernaliaPresent: input.paraphernaliaPresent,
        doses: input.doses,
        ambulanceResponded: input.ambulanceResponded,
        takenToHospital: input.takenToHospital,
        personId,
        personNamedByOfficer: input.person !== null,
        arrestReferralId: referralId,
        createdAt: at,
      })
      .run();
    recordAudit(tx, audit, {
      action: "naloxone-report.create",
      recordType: "naloxone_report",
      recordId: reportId,
      personId,
      detail: { areaId: input.areaId, followUp: referralId !== null },
    });
    return { reportId, referralId, providerName: provider?.name ?? null, personId };
  });
}

/** The NFO behind a follow-up, as much as is shared before consent (decision 029), or null. */
export function nfoForReferral(db: Queryable, referralId: string): NfoSummary | null {
  const row = db
    .select({
      administeredAt: naloxoneReports.administeredAt,
      postcode: naloxoneReports.postcode,
      locationDescription: naloxoneReports.locationDescription,
      areaName: areas.name,
      patientState: naloxoneReports.patientState,
      takenToHospital: naloxoneReports.takenToHospital,
    })
    .from(naloxoneReports)
    .innerJoin(areas, eq(areas.id, naloxoneReports.areaId))
    .where(eq(naloxoneReports.arrestReferralId, referralId))
    .get();
  if (!row) return null;
  return {
    administeredAt: row.administeredAt,
    place: [row.locationDescription, row.postcode].filter(Boolean).join(", "),
    areaName: row.areaName,
    patientState: row.patientState,
    takenToHospital: row.takenToHospital,
  };
}

/**
 * The person agreed to see a worker after the NFO follow-up reached them: from now on their
 * consent governs the case, which continues as any referral (assessment, onward referral).
 */
export function recordFollowUpConsent(db: Db, audit: ActorAudit, referralId: string, method: "verbal" | "signed") {
  db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    if (!referral.awaitingConsent || referral.state === "closed")
      throw new DomainError("This referral is not waiting for the person's consent.", { status: 409 });
    const wording = currentConsentWording(tx, "speak_to_worker");
    const consentId = insertConsent(tx, {
      personId: referral.personId,
      arrestReferralId: referralId,
      scope: "speak_to_worker",
      method,
      wordingId: wording?.id ?? null,
      recordedByUserId: audit.userId,
      recordedAt: new Date().toISOString(),
    });
    const updated = tx
      .update(arrestReferrals)
      .set({ awaitingConsent: false, updatedAt: new Date().toISOString(), version: referral.version + 1 })
      .where(and(eq(arrestReferrals.id, referralId), eq(arrestReferrals.version, referral.version)))
      .run();
    if (!updated.changes)
      throw new DomainError("Someone else changed this referral a moment ago. Look at it again.", { status: 409 });
    recordAudit(tx, audit, {
      action: "consent.record",
      recordType: "consent",
      recordId: consentId,
      personId: referral.personId,
      detail: { scope: "speak_to_worker", after: "nfo-follow-up" },
    });
  });
}

/** Whether the person on a referral is still not identified. */
export function isUnidentified(db: Queryable, personId: string): boolean {
  return db.select({ v: people.isIdentified }).from(people).where(eq(people.id, personId)).get()?.v === false;
}

/**
 * A worker learns who the person on an NFO follow-up is. With no one known like them, the
 * person row is named. If someone known matches, the worker must say so: the known person
 * (everything on the unnamed record moves to them, recorded as a merge an administrator can
 * undo) or a different person (with a reason when the name and date of birth are the same).
 */
export function identifyPerson(
  db: Db,
  audit: ActorAudit,
  referralId: string,
  naming: Naming,
  now = new Date(),
): { personId: string; linked: boolean } {
  const at = now.toISOString();
  return db.transaction((tx) => {
    const referral = findReferral(tx, referralId);
    if (!referral) throw new DomainError("Referral not found", { status: 404 });
    const placeholderId = referral.personId;
    if (!isUnidentified(tx, placeholderId))
      throw new DomainError("This person has already been identified.", { status: 409 });

    if (naming.personId && naming.personId !== "new") {
      // Only someone the matching offered for these details may be chosen.
      const offered = findLikelyMatches(tx, naming).filter(isStrongMatch);
      if (!offered.some((m) => m.personId === naming.personId))
        throw new DomainError("Choose one of the people shown, or that this is a different person", {
          field: "personId",
          status: 400,
        });
      const survivingId = knownPerson(tx, naming.personId);
      const moved = moveRecords(tx, placeholderId, survivingId);
      tx.update(people)
        .set({ mergedIntoPersonId: survivingId, updatedAt: at })
        .where(eq(people.id, placeholderId))
        .run();
      tx.insert(personMerges)
        .values({
          id: newId(),
          survivingPersonId: survivingId,
          mergedPersonId: placeholderId,
          reason: "Identified after a near-fatal overdose follow-up",
          moved,
          mergedByUserId: audit.userId,
          mergedAt: at,
        })
        .run();
      recordAudit(tx, audit, {
        action: "person.identify",
        recordType: "person",
        recordId: survivingId,
        personId: survivingId,
        detail: { linkedFrom: placeholderId, referralId },
      });
      return { personId: survivingId, linked: true };
    }

    const strong = answerMatches(tx, naming, placeholderId);
    tx.update(people)
      .set({
        givenName: naming.givenName,
        familyName: naming.familyName,
        dateOfBirth: naming.dateOfBirth,
        givenNameKey: nameKey(naming.givenName),
        familyNameKey: nameKey(naming.familyName),
        isIdentified: true,
        newPersonReason: strong === "new" ? null : (naming.newPersonReason ?? null),
        lastActivityAt: at,
        updatedAt: at,
      })
      .where(eq(people.id, placeholderId))
      .run();
    recordAudit(tx, audit, {
      action: "person.identify",
      recordType: "person",
      recordId: placeholderId,
      personId: placeholderId,
      detail: { referralId, ...(strong === "new" ? {} : { notTheSameAs: strong.map((m) => m.personId) }) },
    });
    return { personId: placeholderId, linked: false };
  });
}

/** Moves every record of the unnamed person to the person they turned out to be; returns the ids by table. */
function moveRecords(tx: Queryable, fromId: string, toId: string): Record<string, string[]> {
  const moved: Record<string, string[]> = {};
  const tables = [
    ["arrest_referrals", arrestReferrals],
    ["naloxone_reports", naloxoneReports],
    ["consents", consents],
    ["needs_assessments", needsAssessments],
    ["onward_referrals", onwardReferrals],
    ["messages", messages],
  ] as const;
  for (const [name, table] of tables) {
    const ids = tx
      .select({ id: table.id })
      .from(table)
      .where(eq(table.personId, fromId))
      .all()
      .map((r) => r.id);
    if (ids.length) {
      tx.update(table).set({ personId: toId }).where(inArray(table.id, ids)).run();
      moved[name] = ids;
    }
  }
  return moved;
}

/** What the worker's case page shows of an NFO follow-up, or null for a referral from another door. */
export function nfoFollowUpView(
  db: Queryable,
  referral: { id: string; personId: string; awaitingConsent: boolean; state: string },
) {
  const nfo = nfoForReferral(db, referral.id);
  if (!nfo) return null;
  return {
    nfo,
    isAwaitingConsent: referral.awaitingConsent && referral.state !== "closed",
    isUnidentified: isUnidentified(db, referral.personId),
  };
}
