// Patrol referrals (issue 20): the form's rules, then the domain against a real database.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { consents, notifications, onwardReferrals, organisations, people, users } from "#db/schema";
import { currentConsentWording, withdrawConsent } from "~/domain/consents.server";
import { sharedWithService } from "~/domain/inbox.server";
import { liveFigures } from "~/domain/metrics/figures.server";
import { referralSourcesSpec } from "~/domain/metrics/referral-sources.server";
import { reportOutcomes } from "~/domain/outcomes.server";
import { parsePatrolReferral } from "~/domain/patrol";
import type { PatrolReferralInput } from "~/domain/patrol";
import { listMyPatrolReferrals, patrolReferralView, recordPatrolReferral } from "~/domain/patrol.server";
import { custodyHistory } from "~/domain/people.server";
import { decide } from "~/domain/permissions";
import { loadActor } from "~/domain/permissions.server";
import { findReferral, referralResource } from "~/domain/referrals.server";
import { makeReferral, uniqueName } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const base = {
  givenName: "Ailsa",
  familyName: "Patrolform",
  dateOfBirthDay: "4",
  dateOfBirthMonth: "7",
  dateOfBirthYear: "1990",
  needDomain: "money",
  areaId: "la-northfirth",
  serviceId: "svc-money",
  consentConfirmed: "yes",
  consentWordingId: "cw-refer-1",
};

describe("the patrol referral form", () => {
  it("takes a complete referral, dropping a phone number given without agreement to be phoned", () => {
    const parsed = parsePatrolReferral({ ...base, phone: "07700 900123" });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.dateOfBirth).toBe("1990-07-04");
    expect(parsed.data.phone).toBeUndefined();
    expect(parsed.data.shareOutcomes).toBe(false);
  });

  it("keeps the phone number with agreement to be phoned, and asks for it when missing", () => {
    const withPhone = parsePatrolReferral({ ...base, contactByPhone: "yes", phone: "07700 900123" });
    expect(withPhone.success && withPhone.data.phone).toBe("07700900123");
    const without = parsePatrolReferral({ ...base, contactByPhone: "yes" });
    expect(without.success).toBe(false);
    if (!without.success) expect(without.error.issues.map((i) => i.path[0])).toContain("phone");
  });

  it("refuses a referral without consent, need, area or service, naming each", () => {
    const parsed = parsePatrolReferral({ givenName: "Ailsa", familyName: "Patrolform" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const fields = parsed.error.issues.map((i) => i.path[0]);
    for (const field of ["consentConfirmed", "needDomain", "areaId", "serviceId", "consentWordingId", "dateOfBirth"])
      expect(fields).toContain(field);
  });

  it("explains a date of birth that is not a real date, and keeps the other problems", () => {
    const parsed = parsePatrolReferral({ ...base, dateOfBirthDay: "31", dateOfBirthMonth: "2", consentConfirmed: "" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.find((i) => i.path[0] === "dateOfBirth")?.message).toMatch(/real date/);
    expect(parsed.error.issues.map((i) => i.path[0])).toContain("consentConfirmed");
  });

  it("needs no name or date of birth when a known person is picked", () => {
    const parsed = parsePatrolReferral({
      ...base,
      givenName: "",
      familyName: "",
      dateOfBirthDay: "",
      dateOfBirthMonth: "",
      dateOfBirthYear: "",
      personId: "person-known",
    });
    expect(parsed.success).toBe(true);
  });

  it("offers only the needs an officer refers for (not justice)", () => {
    expect(parsePatrolReferral({ ...base, needDomain: "justice" }).success).toBe(false);
  });
});

// ---------------------------------------------------------------- the domain, on a real database
describe("patrol referrals in the database", () => {
  let db: Db;
  let officer: typeof users.$inferSelect;
  const audit = () => ({ userId: officer.id, organisationId: officer.organisationId, ipAddress: null });
  const actorOf = (email: string) => {
    const user = db.select().from(users).where(eq(users.email, email)).get()!;
    const organisation = db.select().from(organisations).where(eq(organisations.id, user.organisationId)).get()!;
    return loadActor(db, user, organisation);
  };
  const input = (overrides: Partial<PatrolReferralInput> = {}): PatrolReferralInput => ({
    givenName: "Isla",
    familyName: uniqueName("Patrol"),
    dateOfBirth: "1990-07-04",
    needDomain: "money",
    areaId: "la-northfirth",
    serviceId: "svc-money-advice",
    consentConfirmed: true,
    consentMethod: "verbal",
    consentWordingId: currentConsentWording(db, "refer_to_service")!.id,
    shareOutcomes: true,
    contactByPhone: false,
    ...overrides,
  });

  beforeAll(() => {
    db = createDemoWorldDb();
    officer = db.select().from(users).where(eq(users.email, "officer@pathway.example")).get()!;
  });

  it("makes a patrol referral with no centre, the force and area, its consents and one onward referral; the service is told", () => {
    const made = recordPatrolReferral(
      db,
      audit(),
      officer.organisationId,
      input({ needDomain: "housing", serviceId: "svc-harbour-housing", contactByPhone: true, phone: "07700900123" }),
    );
    const referral = findReferral(db, made.referralId)!;
    expect(referral).toMatchObject({
      source: "patrol",
      custodyCentreId: null,
      custodyEpisodeId: null,
      policeOrganisationId: officer.organisationId,
      areaId: "la-northfirth",
      state: "closed",
    });
    const onward = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, made.onwardReferralId)).get()!;
    expect(onward).toMatchObject({ serviceId: "svc-harbour-housing", status: "requested", needDomain: "housing" });
    const scopes = db.select().from(consents).where(eq(consents.arrestReferralId, made.referralId)).all();
    expect(scopes.map((c) => c.scope).sort()).toEqual(["refer_to_service", "share_outcomes_with_police"]);
    const told = db
      .select()
      .from(notifications)
      .where(eq(notifications.link, `/service/referrals/${onward.id}`))
      .all();
    expect(told.length).toBeGreaterThan(0);
    // The service sees who and the number to call, as the person agreed.
    expect(sharedWithService(db, onward).person).toMatchObject({ phone: "07700900123" });
  });

  it("without agreement to be phoned, the service sees the person but not a number", () => {
    const made = recordPatrolReferral(db, audit(), officer.organisationId, input());
    const onward = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, made.onwardReferralId)).get()!;
    expect(sharedWithService(db, onward).person?.phone).toBeNull();
  });

  it("refuses a service that does not offer the need in the area, and writes nothing", () => {
    const familyName = uniqueName("Refused");
    // Harbour Housing covers Northfirth, but for housing, not money.
    expect(() =>
      recordPatrolReferral(
        db,
        audit(),
        officer.organisationId,
        input({ familyName, serviceId: "svc-harbour-housing" }),
      ),
    ).toThrow(/Choose a service from the list/);
    // The Westmuir mental health team does not cover Northfirth.
    expect(() =>
      recordPatrolReferral(
        db,
        audit(),
        officer.organisationId,
        input({ familyName, needDomain: "mental_health", serviceId: "svc-westmuir-cmht" }),
      ),
    ).toThrow(/Choose a service from the list/);
    expect(() =>
      recordPatrolReferral(db, audit(), officer.organisationId, input({ familyName, areaId: "div-northfirth" })),
    ).toThrow(/Choose the area/);
    expect(db.select().from(people).where(eq(people.familyName, familyName)).all()).toHaveLength(0);
  });

  it("refuses a new person while someone with the same name and date of birth is known and unanswered", () => {
    const earlier = makeReferral(db, {
      givenName: "Fiona",
      familyName: uniqueName("Known"),
      dateOfBirth: "1975-02-02",
    });
    const known = db.select().from(people).where(eq(people.id, earlier.personId)).get()!;
    const same = input({ givenName: "Fiona", familyName: known.familyName, dateOfBirth: "1975-02-02" });
    expect(() => recordPatrolReferral(db, audit(), officer.organisationId, same)).toThrow(
      /Say whether this is the same person/,
    );
    expect(() => recordPatrolReferral(db, audit(), officer.organisationId, { ...same, personId: "new" })).toThrow(
      /Say why this is a new person/,
    );
    const linked = recordPatrolReferral(db, audit(), officer.organisationId, { ...same, personId: known.id });
    expect(linked).toMatchObject({ personId: known.id, isReturningPerson: true });
  });

  it("the referring force sees the outcome only while the person's consent to share it stands; another force never reaches it", () => {
    const made = recordPatrolReferral(db, audit(), officer.organisationId, input());
    const service = db.select().from(users).where(eq(users.role, "service_worker")).get()!;
    reportOutcomes(
      db,
      { userId: service.id, organisationId: "org-firth-money", ipAddress: null },
      made.onwardReferralId,
      [{ kind: "accepted", occurredOn: new Date().toISOString().slice(0, 10) }] as never,
      { source: "web" },
    );
    const me = actorOf("officer@pathway.example");
    expect(patrolReferralView(db, me, made.referralId)?.outcome).toMatchObject({ shared: true, status: "accepted" });
    expect(listMyPatrolReferrals(db, me).some((r) => r.id === made.referralId)).toBe(true);
    // A custody officer of the same force stands to it as the force does.
    expect(patrolReferralView(db, actorOf("custody@pathway.example"), made.referralId)?.outcome.shared).toBe(true);

    const sharing = db
      .select()
      .from(consents)
      .where(and(eq(consents.arrestReferralId, made.referralId), eq(consents.scope, "share_outcomes_with_police")))
      .get()!;
    withdrawConsent(db, audit(), sharing.id);
    expect(patrolReferralView(db, me, made.referralId)?.outcome).toEqual({ shared: false, status: null, log: [] });

    const elsewhere = { ...me, organisationId: "org-police-elsewhere", centreIds: new Set<string>() };
    expect(decide(elsewhere, "referral:view", referralResource(db, findReferral(db, made.referralId)!))).toBe(
      "not_found",
    );
  });

  it("withdrawing the consent to be referred cancels the open onward referral", () => {
    const made = recordPatrolReferral(db, audit(), officer.organisationId, input());
    const refer = db
      .select()
      .from(consents)
      .where(and(eq(consents.arrestReferralId, made.referralId), eq(consents.scope, "refer_to_service")))
      .get()!;
    withdrawConsent(db, audit(), refer.id);
    expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, made.onwardReferralId)).get()!.status).toBe(
      "cancelled",
    );
  });

  it("a person from a patrol referral booked into custody later is a returning person: custody sees the earlier referral", () => {
    const familyName = uniqueName("Strachan");
    const made = recordPatrolReferral(
      db,
      audit(),
      officer.organisationId,
      input({ givenName: "Kirsty", familyName, needDomain: "housing", serviceId: "svc-harbour-housing" }),
    );
    expect(custodyHistory(db, made.personId).referralCount).toBe(1);
    const booked = makeReferral(db, { personId: made.personId } as never);
    expect(booked.personId).toBe(made.personId);
    // The service still working with them hears they are back in custody (its consent stands).
    const told = db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, "person.back_in_custody"),
          eq(notifications.link, `/service/referrals/${made.onwardReferralId}`),
        ),
      )
      .all();
    expect(told.length).toBeGreaterThan(0);
  });

  it("counts referrals by source: patrol by its area, custody by its centre, for the commissioner funding them", () => {
    const today = new Date().toISOString().slice(0, 10);
    // The true count the table starts from, before the disclosure rule.
    const patrol = (areaId: string) =>
      referralSourcesSpec(db, { areaIds: [areaId], from: today, to: today, breakdown: "none" }, liveFigures).rows.find(
        (r) => r.key === "patrol",
      )!.values.referrals!;
    const before = patrol("la-kelmoor");
    recordPatrolReferral(db, audit(), officer.organisationId, input({ areaId: "la-kelmoor" }));
    const after = patrol("la-kelmoor");
    expect(after).toBe(before + 1);
    // Not in another area's figures; in the ADP's around it.
    expect(patrol("la-westmuir")).toBe(0);
    expect(patrol("adp-northfirth-kelmoor")).toBeGreaterThanOrEqual(after);
  });
});
