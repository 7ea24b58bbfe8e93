// Patrol referrals (issue 20): the form's rules, then the domain against a real database.
import { describe, expect, it } from "vitest";
import { parsePatrolReferral } from "~/domain/patrol";

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
