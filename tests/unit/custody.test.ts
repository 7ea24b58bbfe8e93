import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  auditEvents,
  consents,
  custodyEpisodes,
  custodyOffers,
  people,
  referralStateChanges,
  type CustodyCentre,
} from "#db/schema";
import { currentConsentWording } from "~/domain/consents.server";
import { parseOffer, type AcceptedOffer } from "~/domain/custody";
import { cancelReferral, findCentre, recordOffer, recordRelease } from "~/domain/custody.server";
import { DomainError } from "~/domain/errors";
import { findLikelyMatches } from "~/domain/people.server";
import { createDemoWorldDb } from "../support/test-db";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

const officer = { userId: "user-custody", organisationId: "org-police", ipAddress: "127.0.0.1" };

function world() {
  const db = createDemoWorldDb();
  const centre = findCentre(db, "cc-northfirth") as CustodyCentre;
  const wordingId = currentConsentWording(db, "speak_to_worker")!.id;
  const accepted = (overrides: Record<string, unknown> = {}) => ({
    result: "accepted",
    custodyReference: "NFC/26/000101",
    givenName: "Ewan",
    familyName: "Docherty",
    dateOfBirth: "1990-02-03",
    disclosedNeeds: ["drugs", "housing"],
    consentConfirmed: "yes",
    consentMethod: "verbal",
    consentWordingId: wordingId,
    ...overrides,
  });
  const record = (values: Record<string, unknown>) => {
    const parsed = parseOffer(values);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
    return recordOffer(db, officer, centre, parsed.data);
  };
  return { db, centre, accepted, record };
}

const count = (db: Db, table: SQLiteTable) => db.select().from(table).all().length;

describe("offer results and the personal data they create", () => {
  it("an accepted offer creates a person, an episode, a consent and a referral in state new", () => {
    const { db, accepted, record } = world();
    const recorded = record(accepted());
    expect(recorded.result).toBe("accepted");
    expect(count(db, people)).toBe(1);
    expect(count(db, custodyEpisodes)).toBe(1);
    const referral = db.select().from(arrestReferrals).get()!;
    expect(referral.state).toBe("new");
    expect(
      db
        .select()
        .from(consents)
        .all()
        .map((c) => c.scope),
    ).toEqual(["speak_to_worker"]);
    expect(
      db
        .select()
        .from(referralStateChanges)
        .all()
        .map((c) => [c.fromState, c.toState]),
    ).toEqual([[null, "new"]]);
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(["person.create", "referral.create"]);
  });

  it.each([
    [{ result: "declined" }],
    [{ result: "not_offered", notOfferedReason: "risk_to_worker" }],
    [{ result: "not_offered", notOfferedReason: "other", notOfferedReasonText: "Asleep all shift" }],
  ])("%o keeps no name and no reference", (values) => {
    const { db, record } = world();
    record({
      ...values,
      givenName: "Should",
      familyName: "Vanish",
      dateOfBirth: "1990-01-01",
      custodyReference: "NFC/26/000999",
    });
    expect(count(db, people)).toBe(0);
    const offers = db.select().from(custodyOffers).all();
    expect(offers).toHaveLength(1);
    expect(offers[0].custodyReference).toBeNull();
    expect(JSON.stringify(offers)).not.toContain("Vanish");
  });

  it("not fit now keeps only the custody reference, to offer again", () => {
    const { db, record, accepted } = world();
    const notFit = record({
      result: "not_fit",
      custodyReference: "nfc/26/000555",
      givenName: "Should",
      familyName: "Vanish",
    });
    expect(count(db, people)).toBe(0);
    expect(db.select().from(custodyOffers).get()!.custodyReference).toBe("NFC/26/000555");

    record(accepted({ custodyReference: "NFC/26/000555", reofferOfOfferId: notFit.offerId }));
    const original = db.select().from(custodyOffers).where(eq(custodyOffers.id, notFit.offerId)).get()!;
    expect(original.reofferedAt).not.toBeNull();
  });

  it("'other' as the reason for not offering needs words", () => {
    expect(parseOffer({ result: "not_offered", notOfferedReason: "other" }).success).toBe(false);
  });
});

describe("consent is required", () => {
  it("the schema refuses an accepted offer without a confirmed consent", () => {
    const { accepted } = world();
    const parsed = parseOffer(accepted({ consentConfirmed: undefined }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain("consentConfirmed");
  });

  it("the domain refuses one too, whatever reaches it, and writes nothing", () => {
    const { db, centre, accepted } = world();
    const parsed = parseOffer(accepted());
    if (!parsed.success) throw new Error("setup");
    const offer = parsed.data as AcceptedOffer;
    expect(() => recordOffer(db, officer, centre, { ...offer, consentConfirmed: false })).toThrow(DomainError);
    expect(() => recordOffer(db, officer, centre, { ...offer, consentWordingId: "made-up" })).toThrow(DomainError);
    expect(count(db, people)).toBe(0);
    expect(count(db, arrestReferrals)).toBe(0);
  });

  it("extra fields posted (another state, another centre) are ignored", () => {
    const { db, record, accepted } = world();
    record(accepted({ state: "closed", custodyCentreId: "cc-westmuir", assignedWorkerId: "user-worker" }));
    const referral = db.select().from(arrestReferrals).get()!;
    expect(referral.state).toBe("new");
    expect(referral.custodyCentreId).toBe("cc-northfirth");
    expect(referral.assignedWorkerId).toBeNull();
  });
});

describe("bad input", () => {
  it.each([
    [{ dateOfBirth: "2999-01-01" }, "dateOfBirth", "future"],
    [{ dateOfBirth: `${new Date().getUTCFullYear() - 5}-01-01` }, "dateOfBirth", "younger than 10"],
    [{ dateOfBirth: "1900-01-01" }, "dateOfBirth", "older than 110"],
    [{ dateOfBirth: "1990-02-30" }, "dateOfBirth", "real date"],
    [{ givenName: "  " }, "givenName", "Enter the given name"],
    [{ familyName: "" }, "familyName", "Enter the family name"],
    [{ custodyReference: "" }, "custodyReference", "Enter the custody reference"],
    [{ contactAfterRelease: "yes" }, "phone", "phone number"],
    [{ contactAfterRelease: "yes", phone: "12345" }, "phone", "UK phone number"],
  ])("%o → %s", (overrides, field, message) => {
    const { accepted } = world();
    const parsed = parseOffer(accepted(overrides));
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path.join(".") === field);
    expect(issue?.message).toContain(message);
  });

  it("a custody reference in the wrong format for the centre is refused by the field", () => {
    const { record, accepted } = world();
    expect(() => record(accepted({ custodyReference: "WMC/26/000101" }))).toThrow(
      /format. Enter it like NFC\/26\/004512/,
    );
  });

  it("the same custody reference twice at a centre: the second is told and offered the first", () => {
    const { db, record, accepted } = world();
    const first = record(accepted());
    try {
      record(accepted({ givenName: "Someone", familyName: "Else" }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe("custodyReference");
      expect((error as DomainError).options.detail?.existingReferralId).toBe(
        first.result === "accepted" ? first.referralId : "",
      );
    }
    expect(count(db, people)).toBe(1);
  });

  it("a phone number is kept only with consent to be contacted", () => {
    const { db, record, accepted } = world();
    record(accepted({ phone: "07700 900123" }));
    expect(db.select().from(people).get()!.phone).toBeNull();
    record(
      accepted({
        custodyReference: "NFC/26/000102",
        givenName: "Ann",
        phone: "07700 900123",
        contactAfterRelease: "yes",
      }),
    );
    expect(db.select().from(people).where(eq(people.givenName, "Ann")).get()!.phone).toBe("07700900123");
  });
});

describe("a returning person", () => {
  it("is offered as a likely match and linked, never merged silently", () => {
    const { db, record, accepted } = world();
    const first = record(accepted());
    const matches = findLikelyMatches(db, { givenName: "ewan", familyName: "Dochertey", dateOfBirth: "1990-02-03" });
    expect(matches).toHaveLength(1);
    expect(matches[0].history.referralCount).toBe(1);
    expect(matches[0].history.engagements).toEqual([]);
    expect(matches[0].history.hasOutcomeSharingConsent).toBe(false);

    const second = record(accepted({ custodyReference: "NFC/26/000102", personId: matches[0].personId }));
    expect(second.result === "accepted" && second.isReturningPerson).toBe(true);
    expect(count(db, people)).toBe(1);

    // Typing the same person again without answering the match is refused: a person decides.
    expect(() => record(accepted({ custodyReference: "NFC/26/000103" }))).toThrow(
      /same person as someone already known/,
    );
    // "New person" against the same name and date of birth needs a reason…
    expect(() => record(accepted({ custodyReference: "NFC/26/000103", personId: "new" }))).toThrow(
      /Say why this is a new person/,
    );
    expect(count(db, people)).toBe(1);
    // …which is kept with the new record and in the audit.
    const twin = record(
      accepted({
        custodyReference: "NFC/26/000103",
        personId: "new",
        newPersonReason: "Twin brother, different address",
      }),
    );
    expect(count(db, people)).toBe(2);
    if (twin.result !== "accepted" || first.result !== "accepted") throw new Error("setup");
    expect(db.select().from(people).where(eq(people.id, twin.personId)).get()!.newPersonReason).toBe(
      "Twin brother, different address",
    );
    const created = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, twin.personId))
      .all()
      .find((a) => a.action === "person.create")!;
    expect(JSON.parse(created.detail!)).toEqual({
      notTheSameAs: [first.personId],
      reason: "Twin brother, different address",
    });
  });

  it("a strong match (one slip in a name) must be answered, but needs no reason to be a new person", () => {
    const { db, record, accepted } = world();
    record(accepted());
    expect(() => record(accepted({ custodyReference: "NFC/26/000102", familyName: "Dochertx" }))).toThrow(
      /same person as someone already known/,
    );
    record(accepted({ custodyReference: "NFC/26/000102", familyName: "Dochertx", personId: "new" }));
    expect(count(db, people)).toBe(2);
  });

  it("a loose match (date of birth one digit out) may be passed over", () => {
    const { db, record, accepted } = world();
    record(accepted());
    record(accepted({ custodyReference: "NFC/26/000102", dateOfBirth: "1990-02-04" }));
    expect(count(db, people)).toBe(2);
  });
});

describe("the custody form's fields", () => {
  it("reads the date of birth from three boxes, saying which part is missing or wrong", () => {
    const { accepted, centre } = world();
    const { dateOfBirth: _d, ...withoutDate } = accepted();
    const parse = (day: string, month: string, year: string) =>
      parseOffer({ ...withoutDate, dateOfBirthDay: day, dateOfBirthMonth: month, dateOfBirthYear: year }, centre);
    const ok = parse("3", "2", "1990");
    expect(ok.success && ok.data.result === "accepted" && ok.data.dateOfBirth).toBe("1990-02-03");
    const message = (day: string, month: string, year: string) => {
      const parsed = parse(day, month, year);
      return parsed.success ? null : parsed.error.issues.find((i) => i.path[0] === "dateOfBirth")?.message;
    };
    expect(message("", "", "")).toBe("Enter the date of birth");
    expect(message("3", "", "1990")).toBe("The date of birth must include a month");
    expect(message("31", "2", "1990")).toBe("The date of birth must be a real date, like 14 3 1988");
    expect(message("3", "2", "90")).toBe("Enter the year of birth with 4 numbers, like 1988");
    expect(message("x", "2", "1990")).toBe("Enter the date of birth in numbers, like 14 3 1988");
  });

  it("checks the custody reference against the centre's format with every other problem at once", () => {
    const { accepted, centre } = world();
    const parsed = parseOffer(accepted({ custodyReference: "nfc 26 4512", consentConfirmed: "" }), centre);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.map((i) => [i.path[0], i.message])).toEqual([
      [
        "custodyReference",
        "The custody reference NFC264512 is not in this centre's format. Enter it like NFC/26/004512, with the slashes and every digit",
      ],
      ["consentConfirmed", "Confirm the person was told what arrest referral is and agreed to see a worker"],
    ]);
    expect(parseOffer(accepted({ custodyReference: "nfc/26/004512" }), centre).success).toBe(true);
  });
});

describe("release and cancelling", () => {
  it("release before a worker has seen them moves the referral to follow-up", () => {
    const { db, record, accepted } = world();
    const recorded = record(accepted());
    if (recorded.result !== "accepted") throw new Error("setup");
    recordRelease(db, officer, recorded.referralId, new Date().toISOString());
    const referral = db.select().from(arrestReferrals).get()!;
    expect(referral.state).toBe("follow_up");
    expect(referral.releasedBeforeSeen).toBe(true);
    expect(() => recordRelease(db, officer, recorded.referralId, new Date().toISOString())).toThrow(
      /already been recorded/,
    );
  });

  it("only the officer who made it may cancel, and only within the window; nothing is deleted", () => {
    const { db, record, accepted } = world();
    const recorded = record(accepted());
    if (recorded.result !== "accepted") throw new Error("setup");
    const colleague = { ...officer, userId: "user-someone-else" };
    expect(() => cancelReferral(db, colleague, recorded.referralId, "typo")).toThrow(/Only the officer who made/);
    const later = new Date(Date.now() + 31 * 60_000);
    expect(() => cancelReferral(db, officer, recorded.referralId, "typo", later)).toThrow(/within 30 minutes/);

    cancelReferral(db, officer, recorded.referralId, "wrong person");
    const referral = db.select().from(arrestReferrals).get()!;
    expect(referral.state).toBe("closed");
    expect(referral.closureReason).toBe("recorded_in_error");
    expect(count(db, people)).toBe(1);
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toContain("referral.close");
  });
});
