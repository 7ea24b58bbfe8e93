import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, consents, consentWordings, custodyCentres, providerCentres, services } from "#db/schema";
import { auditLogCsv, searchAuditLog } from "~/domain/audit-log.server";
import { recordAudit } from "~/domain/audit.server";
import { createCentre, type CentreInput } from "~/domain/centres.server";
import { currentConsentWording } from "~/domain/consents.server";
import { isVerificationDue } from "~/domain/directory";
import { createService, listDirectory, updateService, type ServiceInput } from "~/domain/directory.server";
import { DomainError } from "~/domain/errors";
import { createOrganisation, setOrganisationActive, updateOrganisation } from "~/domain/organisations.server";
import { addConsentWording, getSetting, updateSettings } from "~/domain/settings.server";
import { gatherSubjectAccess, produceSubjectAccess } from "~/domain/subject-access.server";
import { csvText } from "~/utils/csv";
import { makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("organisations", () => {
  it("a provider's centres are its links; a duplicate name is refused by the name field", () => {
    const db = createDemoWorldDb();
    const id = createOrganisation(db, admin, "referral_provider", {
      name: "Harbour Arrest Referral",
      centreIds: ["cc-kelmoor", "cc-westmuir"],
    });
    expect(db.select().from(providerCentres).where(eq(providerCentres.organisationId, id)).all()).toHaveLength(2);
    updateOrganisation(db, admin, id, { name: "Harbour Arrest Referral", centreIds: ["cc-kelmoor"] });
    expect(
      db
        .select()
        .from(providerCentres)
        .where(eq(providerCentres.organisationId, id))
        .all()
        .map((r) => r.custodyCentreId),
    ).toEqual(["cc-kelmoor"]);
    expect(
      refusal(() => createOrganisation(db, admin, "service_provider", { name: "harbour arrest referral" })).field,
    ).toBe("name");
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(["organisation.create", "organisation.update"]);
  });

  it("an administrator cannot deactivate their own organisation", () => {
    const db = createDemoWorldDb();
    expect(refusal(() => setOrganisationActive(db, admin, "org-operator", false)).message).toMatch(
      /your own organisation/,
    );
    setOrganisationActive(db, admin, "org-harm-reduction", false);
    expect(listDirectory(db).some((s) => s.organisationName === "Harm Reduction Caledonia")).toBe(false);
  });
});

describe("custody centres", () => {
  const centre = (overrides: Partial<CentreInput> = {}): CentreInput => ({
    name: "Inverbrae Custody Suite",
    code: "IVB",
    policeOrganisationId: "org-police",
    divisionAreaId: "div-northfirth",
    localAuthorityAreaId: "la-kelmoor",
    custodyReferencePattern: "^IVB/\\d{2}/\\d{6}$",
    custodyReferenceExample: "IVB/26/000123",
    hours: "24 hours",
    isActive: true,
    ...overrides,
  });

  it.each([
    [{ divisionAreaId: "" }, "divisionAreaId", /police division/],
    [{ divisionAreaId: "la-kelmoor" }, "divisionAreaId", /police division/],
    [{ localAuthorityAreaId: "div-westmuir" }, "localAuthorityAreaId", /local authority/],
    [{ custodyReferencePattern: "^IVB/(\\d{2}$" }, "custodyReferencePattern", /cannot read|not a pattern/],
    [{ custodyReferencePattern: "IVB" }, "custodyReferencePattern", /Start the pattern/],
    [{ custodyReferenceExample: "IVB-26-1" }, "custodyReferenceExample", /does not fit/],
    [{ code: "nfc" }, "code", /already has this code/],
  ])("%o is refused by %s", (overrides, field, message) => {
    const db = createDemoWorldDb();
    const error = refusal(() => createCentre(db, admin, centre(overrides)));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(db.select().from(custodyCentres).all()).toHaveLength(6);
  });

  it("a good centre is created and audited", () => {
    const db = createDemoWorldDb();
    const id = createCentre(db, admin, centre());
    expect(db.select().from(custodyCentres).where(eq(custodyCentres.id, id)).get()?.code).toBe("IVB");
    expect(db.select().from(auditEvents).get()?.action).toBe("custody-centre.create");
  });
});

describe("the service directory", () => {
  const input = (overrides: Partial<ServiceInput> = {}): ServiceInput => ({
    organisationId: "org-nads",
    name: "Northfirth Recovery Cafe",
    kind: "drug_alcohol_treatment",
    description: "Peer support.",
    areaIds: ["la-northfirth"],
    address: "",
    postcode: "",
    phone: "",
    email: "",
    website: "",
    hours: "",
    eligibility: "",
    isTakingReferrals: true,
    capacityPerMonth: null,
    typicalWaitDays: 2,
    isVerifiedNow: false,
    ...overrides,
  });

  it("a service with no areas is refused by the areas field", () => {
    const db = createDemoWorldDb();
    expect(refusal(() => createService(db, admin, input({ areaIds: [] }))).field).toBe("areaIds");
    expect(refusal(() => createService(db, admin, input({ organisationId: "org-police" }))).field).toBe(
      "organisationId",
    );
  });

  it("editing keeps last verified separate from last edited, and a stale edit is refused", () => {
    const db = createDemoWorldDb();
    const id = createService(db, admin, input());
    const created = db.select().from(services).where(eq(services.id, id)).get()!;
    expect(created.lastVerifiedAt).toBeNull();
    expect(isVerificationDue(created.lastVerifiedAt)).toBe(true);

    const later = new Date(Date.now() + 60_000);
    updateService(db, admin, id, 1, input({ typicalWaitDays: 5 }), later);
    const edited = db.select().from(services).where(eq(services.id, id)).get()!;
    expect(edited).toMatchObject({
      typicalWaitDays: 5,
      version: 2,
      lastVerifiedAt: null,
      updatedAt: later.toISOString(),
    });

    updateService(db, admin, id, 2, input({ typicalWaitDays: 5, isVerifiedNow: true }), later);
    const verified = db.select().from(services).where(eq(services.id, id)).get()!;
    expect(verified.lastVerifiedAt).toBe(later.toISOString());
    expect(isVerificationDue(verified.lastVerifiedAt, later)).toBe(false);
    expect(isVerificationDue(verified.lastVerifiedAt, new Date(later.getTime() + 200 * 86400_000))).toBe(true);

    expect(refusal(() => updateService(db, admin, id, 1, input({ name: "Stale" }))).message).toMatch(
      /Someone else changed/,
    );
    expect(listDirectory(db, { kind: "drug_alcohol_treatment", areaId: "la-northfirth" }).map((s) => s.name)).toContain(
      "Northfirth Recovery Cafe",
    );
    expect(listDirectory(db, { areaId: "la-ardlachan" }).map((s) => s.name)).not.toContain("Northfirth Recovery Cafe");
  });
});

describe("settings and consent wording", () => {
  it("a new wording is a new version and past consents keep the words they were given", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const before = db.select().from(consents).where(eq(consents.arrestReferralId, referralId)).get()!;
    const { version } = addConsentWording(db, admin, "speak_to_worker", "New plain words about arrest referral.");
    expect(version).toBe(2);
    expect(currentConsentWording(db, "speak_to_worker")?.text).toBe("New plain words about arrest referral.");
    const after = db.select().from(consents).where(eq(consents.id, before.id)).get()!;
    expect(after.wordingId).toBe(before.wordingId);
    expect(db.select().from(consentWordings).where(eq(consentWordings.id, before.wordingId!)).get()?.version).toBe(1);
    expect(
      refusal(() => addConsentWording(db, admin, "speak_to_worker", "New plain words about arrest referral.")).message,
    ).toMatch(/same as the current/);
  });

  it("settings are saved within their bounds and audited with what changed", () => {
    const db = createDemoWorldDb();
    updateSettings(db, admin, { feedback_overdue_days: 21, retention_years: 6 }, [
      { organisationId: "org-new-leaf", queueOverdueMinutes: 30, followUpAttemptLimit: 4 },
    ]);
    expect(getSetting(db, "feedback_overdue_days")).toBe(21);
    const audit = db.select().from(auditEvents).all();
    expect(audit.map((a) => a.action)).toEqual(["settings.update"]);
    expect(Object.keys(JSON.parse(audit[0].detail!))).toEqual([
      "feedback_overdue_days",
      "New Leaf Arrest Referral: thresholds",
    ]);
    expect(refusal(() => updateSettings(db, admin, { feedback_overdue_days: 0 })).field).toBe("feedback_overdue_days");
  });
});

describe("the audit log", () => {
  it("filters by user, person and action family, newest first", () => {
    const db = createDemoWorldDb();
    recordAudit(db, admin, { action: "user.invite", recordType: "user", recordId: "u1" });
    recordAudit(
      db,
      { userId: "user-worker", organisationId: "org-firth-recovery" },
      { action: "person.view", personId: "p1" },
    );
    recordAudit(db, admin, { action: "user.deactivate", recordType: "user", recordId: "u1" });
    expect(searchAuditLog(db, { action: "user." }).events.map((e) => e.action)).toEqual([
      "user.deactivate",
      "user.invite",
    ]);
    expect(searchAuditLog(db, { personId: "p1" }).events.map((e) => e.userName)).toEqual(["Jamie Reid"]);
    expect(searchAuditLog(db, { userId: "user-admin", organisationId: "org-operator" }).events).toHaveLength(2);
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ["+44 1632", `"'+44 1632"`],
    ["-1", `"'-1"`],
    ["@SUM(A1)", `"'@SUM(A1)"`],
    ["\tx", `"'\tx"`],
    ["plain, text", `"plain, text"`],
  ])("a CSV cell %j is written as %s", (value, cell) => expect(csvText([[value]])).toBe(`${cell}\r\n`));

  it("exports CSV oldest first with neutralised cells", () => {
    const db = createDemoWorldDb();
    recordAudit(db, admin, { action: "=cmd|' /C calc'!A0", detail: { note: "-2+3" } });
    const { csv, rowCount } = auditLogCsv(db, {});
    expect(rowCount).toBe(1);
    expect(csv.split("\r\n")[1]).toContain(`"'=cmd|' /C calc'!A0"`);
  });
});

describe("subject access", () => {
  it("gathers the person, their episode, consent, referral and its history, and who looked", () => {
    const db = createDemoWorldDb();
    const { personId, referralId, offer } = makeReferral(db);
    const produced = produceSubjectAccess(db, admin, personId, "download")!;
    expect(produced.person).toMatchObject({
      givenName: offer.givenName,
      familyName: offer.familyName,
      dateOfBirth: "1988-03-14",
    });
    expect(produced.custodyEpisodes[0]).toMatchObject({
      custodyReference: offer.custodyReference,
      custodyCentre: "Northfirth Central Custody",
    });
    expect(produced.consents[0]).toMatchObject({
      scope: "speak_to_worker",
      wording: { version: 1 },
      recordedBy: { name: "Sgt Alex Morgan" },
    });
    expect(produced.arrestReferrals[0]).toMatchObject({ id: referralId, state: "new" });
    expect(produced.arrestReferrals[0].stateChanges.map((s) => s.to)).toEqual(["new"]);
    expect(produced.accessLog.map((a) => a.action)).toEqual([
      "person.create",
      "referral.create",
      "subject-access.download",
    ]);
    expect(JSON.stringify(produced)).not.toContain("127.0.0.1");
    expect(gatherSubjectAccess(db, "nobody")).toBeUndefined();
  });
});
