import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { arrestReferrals, auditEvents, naloxoneReports, people, personMerges, providerAreas } from "#db/schema";
import { answersSchema } from "~/domain/assessments";
import { saveAssessmentDraft } from "~/domain/assessments.server";
import { DomainError } from "~/domain/errors";
import {
  administeredAtDefaults,
  administeredAtFromParts,
  normalisePostcode,
  parseNaloxoneReport,
} from "~/domain/naloxone";
import {
  identifyPerson,
  providerCoveringArea,
  recordFollowUpConsent,
  recordNaloxoneReport,
} from "~/domain/naloxone.server";
import { findOrganisationForAdmin, updateOrganisation } from "~/domain/organisations.server";
import { findLikelyMatches } from "~/domain/people.server";
import { claimReferral, findReferral, recordContactAttempt } from "~/domain/referrals.server";
import { makeReferral, naloxoneReportInput, uniqueName } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

// 7 December 2026, 14:05 in London (GMT): the time an officer files the report.
const NOW = new Date("2026-12-07T14:05:00Z");

const filled = (extra: Record<string, string> = {}) => ({
  areaId: "la-northfirth",
  postcode: "ab12 3cd",
  locationDescription: "Stairwell behind the bus station",
  ...administeredAtDefaults(NOW),
  patientState: "unresponsive",
  paraphernaliaPresent: "yes",
  doses: "2",
  ambulanceResponded: "yes",
  takenToHospital: "no",
  personKnown: "no",
  ...extra,
});

describe("the naloxone administration report form", () => {
  it("a report with nobody identified reads as one, postcode in capitals, time now in UK time", () => {
    const parsed = parseNaloxoneReport(filled(), NOW);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data).toMatchObject({
      areaId: "la-northfirth",
      postcode: "AB12 3CD",
      patientState: "unresponsive",
      paraphernaliaPresent: true,
      doses: 2,
      ambulanceResponded: true,
      takenToHospital: false,
      person: null,
      administeredAt: "2026-12-07T14:05:00.000Z",
    });
  });

  it("the time is UK time: in summer 09:30 is 08:30 UTC", () => {
    const summer = new Date("2026-07-01T12:00:00Z");
    const at = administeredAtFromParts({ day: "1", month: "7", year: "2026", hour: "09", minute: "30" }, summer);
    expect(at).toEqual({ iso: "2026-07-01T08:30:00.000Z" });
  });

  it("every missing answer is named at once, each on its own field", () => {
    const parsed = parseNaloxoneReport({ administeredAtDay: "7" }, NOW);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(
      [
        "administeredAt",
        "ambulanceResponded",
        "areaId",
        "doses",
        "paraphernaliaPresent",
        "patientState",
        "personKnown",
        "takenToHospital",
      ].sort(),
    );
  });

  it("a place is needed: a postcode or a description", () => {
    const parsed = parseNaloxoneReport(filled({ postcode: "", locationDescription: "" }), NOW);
    expect(parsed.ok ? {} : parsed.errors).toHaveProperty("postcode");
    expect(parseNaloxoneReport(filled({ postcode: "" }), NOW).ok).toBe(true);
    expect(parseNaloxoneReport(filled({ locationDescription: "" }), NOW).ok).toBe(true);
  });

  it.each([
    ["0", /at least 1/],
    ["11", /10 doses or fewer/],
    ["1.5", /whole number/],
    ["two", /whole number/],
  ])("doses %s is refused", (doses, message) => {
    const parsed = parseNaloxoneReport(filled({ doses }), NOW);
    expect(parsed.ok ? "" : parsed.errors.doses).toMatch(message);
  });

  it.each([
    [{ hour: "14", minute: "30" }, /future/],
    [{ day: "31", month: "2" }, /real date/],
    [{ hour: "25" }, /24-hour/],
    [{ day: "1", month: "10" }, /within 30 days/],
  ])("a time %o is refused", (parts, message) => {
    const base = { day: "7", month: "12", year: "2026", hour: "14", minute: "05" };
    const at = administeredAtFromParts({ ...base, ...parts }, NOW);
    expect("error" in at ? at.error : "").toMatch(message);
  });

  it("a known person needs a name and a real date of birth; an unknown one needs neither", () => {
    const named = parseNaloxoneReport(
      filled({
        personKnown: "yes",
        givenName: "Ailsa",
        familyName: "Drummond",
        dateOfBirthDay: "3",
        dateOfBirthMonth: "4",
        dateOfBirthYear: "1991",
      }),
      NOW,
    );
    expect(named.ok && named.data.person).toEqual({
      givenName: "Ailsa",
      familyName: "Drummond",
      dateOfBirth: "1991-04-03",
    });
    const unnamed = parseNaloxoneReport(filled({ personKnown: "yes" }), NOW);
    expect(unnamed.ok ? [] : Object.keys(unnamed.errors).sort()).toEqual(["dateOfBirth", "familyName", "givenName"]);
    // Names typed and then "I do not know who it is" chosen: nothing about a person is kept.
    const changedMind = parseNaloxoneReport(filled({ personKnown: "no", givenName: "Ailsa" }), NOW);
    expect(changedMind.ok && changedMind.data.person).toBeNull();
  });

  it.each([
    ["ab123cd", "AB12 3CD"],
    [" EH1  1YZ ", "EH1 1YZ"],
    ["W1A 0AX", "W1A 0AX"],
    ["not a postcode", null],
    ["12345", null],
  ])("postcode %s reads as %s", (typed, expected) => {
    expect(normalisePostcode(typed)).toBe(expected);
  });
});

const officer = { userId: "user-custody", organisationId: "org-police", ipAddress: "127.0.0.1" };
const jamie = { userId: "user-worker", organisationId: "org-firth-recovery", ipAddress: "127.0.0.1" };

const report = naloxoneReportInput;

/** Everything written, table by table: to show a refused report left nothing behind. */
const rowCounts = (db: Db) =>
  ["people", "arrest_referrals", "naloxone_reports", "audit_events"].map(
    (t) => (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
  );

describe("a naloxone report and the NFO follow-up it makes", () => {
  it("with nobody identified: a person row nobody can match, a follow-up for the area's provider, audited", () => {
    const db = createDemoWorldDb();
    const recorded = recordNaloxoneReport(db, officer, report());
    const referral = findReferral(db, recorded.referralId!)!;
    expect(referral).toMatchObject({
      source: "naloxone",
      providerOrganisationId: "org-firth-recovery",
      policeOrganisationId: "org-police",
      areaId: "la-northfirth",
      custodyCentreId: null,
      state: "follow_up",
      awaitingConsent: true,
    });
    const person = db.select().from(people).where(eq(people.id, recorded.personId)).get()!;
    expect([person.isIdentified, person.givenName, person.dateOfBirth]).toEqual([false, "", ""]);
    const stored = db.select().from(naloxoneReports).where(eq(naloxoneReports.id, recorded.reportId)).get()!;
    expect(stored.recordKey).not.toBeNull();
    const actions = db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.personId, recorded.personId))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["person.create", "referral.create", "naloxone-report.create"]);
  });

  it("an area outside the officer's force is refused and nothing is written", () => {
    const db = createDemoWorldDb();
    // A council area no centre of the force is in.
    db.run(
      sql`INSERT INTO areas (id, kind, name, code) VALUES ('la-faraway', 'local_authority', 'Faraway Council', 'S99')`,
    );
    const before = rowCounts(db);
    expect(() => recordNaloxoneReport(db, officer, report({ areaId: "la-faraway" }))).toThrow(DomainError);
    expect(rowCounts(db)).toEqual(before);
  });

  it("where no provider covers the area the report is kept with no follow-up", () => {
    const db = createDemoWorldDb();
    db.delete(providerAreas).where(eq(providerAreas.areaId, "la-kelmoor")).run();
    const recorded = recordNaloxoneReport(db, officer, report({ areaId: "la-kelmoor" }));
    expect(recorded.referralId).toBeNull();
    expect(db.select().from(naloxoneReports).where(eq(naloxoneReports.id, recorded.reportId)).get()).toBeDefined();
  });

  it("an administrator sets the areas a provider covers, and follow-ups go there", () => {
    const db = createDemoWorldDb();
    db.delete(providerAreas).where(eq(providerAreas.areaId, "la-kelmoor")).run();
    const newLeaf = findOrganisationForAdmin(db, "org-new-leaf")!;
    const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: null };
    updateOrganisation(db, admin, "org-new-leaf", {
      name: newLeaf.organisation.name,
      centreIds: newLeaf.centreIds,
      providerAreaIds: [...newLeaf.providerAreaIds, "la-kelmoor"],
    });
    expect(providerCoveringArea(db, "la-kelmoor")?.id).toBe("org-new-leaf");
    const recorded = recordNaloxoneReport(db, officer, report({ areaId: "la-kelmoor" }));
    expect(findReferral(db, recorded.referralId!)?.providerOrganisationId).toBe("org-new-leaf");
  });

  it("before the person agrees, the worker may reach them but not assess or refer; after, as any referral", () => {
    const db = createDemoWorldDb();
    const { referralId } = recordNaloxoneReport(db, officer, report());
    const answers = answersSchema.parse({ drugs: { level: "high" } });
    claimReferral(db, jamie, referralId!);
    expect(() => saveAssessmentDraft(db, jamie, referralId!, answers, null)).toThrow(/not yet agreed to see a worker/);
    recordContactAttempt(db, jamie, referralId!, {
      attemptedAt: new Date().toISOString(),
      method: "visit",
      result: "spoke",
    });
    expect(findReferral(db, referralId!)?.firstContactAt).not.toBeNull();
    recordFollowUpConsent(db, jamie, referralId!, "verbal");
    expect(findReferral(db, referralId!)?.awaitingConsent).toBe(false);
    expect(() => saveAssessmentDraft(db, jamie, referralId!, answers, null)).not.toThrow();
    expect(() => recordFollowUpConsent(db, jamie, referralId!, "verbal")).toThrow(/not waiting/);
  });

  it("a person the officer names is never matched silently to someone known", () => {
    const db = createDemoWorldDb();
    const known = makeReferral(db, { familyName: uniqueName("Known"), givenName: "Ailsa", dateOfBirth: "1991-04-03" });
    const person = { givenName: "Ailsa", familyName: known.offer.familyName!, dateOfBirth: "1991-04-03" };
    const before = rowCounts(db);
    const refused = (() => {
      try {
        recordNaloxoneReport(db, officer, report({ person }));
      } catch (error) {
        return error as DomainError;
      }
    })();
    expect(refused?.field).toBe("personId");
    expect((refused?.options.detail?.matches as { personId: string }[]).map((m) => m.personId)).toEqual([
      known.personId,
    ]);
    expect(rowCounts(db)).toEqual(before);
    // "Someone else" against the same name and date of birth needs a reason.
    expect(() => recordNaloxoneReport(db, officer, report({ person, personId: "new" }))).toThrow(/Say why/);
    // Choosing the known person: the NFO is theirs.
    const linked = recordNaloxoneReport(db, officer, report({ person, personId: known.personId }));
    expect(linked.personId).toBe(known.personId);
  });

  it("someone not yet identified is never offered as a match, and is named by a worker's explicit choice", () => {
    const db = createDemoWorldDb();
    const unnamed = recordNaloxoneReport(db, officer, report());
    expect(
      findLikelyMatches(db, { givenName: "", familyName: "", dateOfBirth: "" }).map((m) => m.personId),
    ).not.toContain(unnamed.personId);
    // Nobody like them known: the row itself is named.
    const named = identifyPerson(db, jamie, unnamed.referralId!, {
      givenName: "Brodie",
      familyName: uniqueName("Unknown"),
      dateOfBirth: "1990-01-02",
    });
    expect(named).toEqual({ personId: unnamed.personId, linked: false });
    expect(db.select().from(people).where(eq(people.id, unnamed.personId)).get()?.isIdentified).toBe(true);

    // Someone known matches: refused until the worker says who; choosing them moves the case.
    const known = makeReferral(db, { familyName: uniqueName("Twice"), givenName: "Callum", dateOfBirth: "1985-05-05" });
    const second = recordNaloxoneReport(db, officer, report());
    const naming = { givenName: "Callum", familyName: known.offer.familyName!, dateOfBirth: "1985-05-05" };
    expect(() => identifyPerson(db, jamie, second.referralId!, naming)).toThrow(/already known/);
    expect(db.select().from(people).where(eq(people.id, second.personId)).get()?.isIdentified).toBe(false);
    const linked = identifyPerson(db, jamie, second.referralId!, { ...naming, personId: known.personId });
    expect(linked).toEqual({ personId: known.personId, linked: true });
    expect(findReferral(db, second.referralId!)?.personId).toBe(known.personId);
    const merge = db.select().from(personMerges).where(eq(personMerges.mergedPersonId, second.personId)).get()!;
    expect(merge.moved.arrest_referrals).toEqual([second.referralId]);
    expect(merge.moved.naloxone_reports).toEqual([second.reportId]);
    // Only someone the matching offered may be chosen.
    const third = recordNaloxoneReport(db, officer, report());
    expect(() =>
      identifyPerson(db, jamie, third.referralId!, {
        givenName: "Other",
        familyName: uniqueName("Body"),
        dateOfBirth: "1970-01-01",
        personId: known.personId,
      }),
    ).toThrow(/Choose one of the people shown/);
    expect(
      db
        .select()
        .from(arrestReferrals)
        .where(and(eq(arrestReferrals.id, third.referralId!), eq(arrestReferrals.personId, third.personId)))
        .get(),
    ).toBeDefined();
  });
});
