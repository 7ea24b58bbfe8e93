import { describe, expect, it } from "vitest";
import {
  administeredAtDefaults,
  administeredAtFromParts,
  normalisePostcode,
  parseNaloxoneReport,
} from "~/domain/naloxone";

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
