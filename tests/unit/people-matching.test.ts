import { describe, expect, it } from "vitest";
import {
  compareDatesOfBirth,
  editDistance,
  matchPerson,
  nameKey,
  nearbyDatesOfBirth,
  type KnownPerson,
} from "~/domain/people";

const known: KnownPerson = {
  givenName: "Siobhán",
  familyName: "McAllister-Kerr",
  dateOfBirth: "1991-04-07",
  policeIdentifier: "26/123456X",
  healthIdentifier: "0704911234",
};

describe("nameKey", () => {
  it.each([
    ["  Siobhán ", "siobhan"],
    ["O'Brien", "obrien"],
    ["McAllister-Kerr", "mcallisterkerr"],
    ["ZOË", "zoe"],
    ["de la Cruz", "delacruz"],
  ])("%s → %s", (name, key) => expect(nameKey(name)).toBe(key));
});

describe("editDistance counts an adjacent swap as one slip", () => {
  it.each([
    ["smith", "smith", 0],
    ["smith", "smyth", 1],
    ["smith", "smtih", 1],
    ["smith", "smit", 1],
    ["smith", "jones", 5],
  ])("%s ~ %s = %i", (a, b, d) => expect(editDistance(a, b)).toBe(d));
});

describe("dates of birth", () => {
  it.each([
    ["1991-04-07", "same"],
    ["1991-07-04", "near"],
    ["1991-04-08", "near"],
    ["1981-04-07", "near"],
    ["1992-04-08", "different"],
    ["1975-01-01", "different"],
  ] as const)("%s against 1991-04-07 is %s", (typed, expected) =>
    expect(compareDatesOfBirth(typed, "1991-04-07")).toBe(expected),
  );

  it("fetches every date one slip away, including day and month swapped", () => {
    const nearby = nearbyDatesOfBirth("1991-04-07");
    expect(nearby).toContain("1991-07-04");
    expect(nearby).toContain("1991-04-08");
    expect(nearby).toContain("1981-04-07");
  });
});

type Case = [
  story: string,
  query: Parameters<typeof matchPerson>[0],
  expected: "identifier" | "exact" | "likely" | null,
];

const mustMatch: Case[] = [
  ["exactly the same", { givenName: "Siobhán", familyName: "McAllister-Kerr", dateOfBirth: "1991-04-07" }, "exact"],
  [
    "different case and spacing",
    { givenName: " siobhán ", familyName: "MCALLISTER-KERR", dateOfBirth: "1991-04-07" },
    "exact",
  ],
  ["no accent", { givenName: "Siobhan", familyName: "McAllister-Kerr", dateOfBirth: "1991-04-07" }, "exact"],
  [
    "space instead of hyphen",
    { givenName: "Siobhan", familyName: "McAllister Kerr", dateOfBirth: "1991-04-07" },
    "exact",
  ],
  [
    "one letter wrong in the family name",
    { givenName: "Siobhan", familyName: "McAlister-Kerr", dateOfBirth: "1991-04-07" },
    "likely",
  ],
  [
    "two letters swapped in the given name",
    { givenName: "Soibhan", familyName: "McAllister-Kerr", dateOfBirth: "1991-04-07" },
    "likely",
  ],
  [
    "only one part of a double-barrelled name",
    { givenName: "Siobhan", familyName: "Kerr", dateOfBirth: "1991-04-07" },
    "likely",
  ],
  [
    "given and family names swapped",
    { givenName: "McAllister-Kerr", familyName: "Siobhan", dateOfBirth: "1991-04-07" },
    "likely",
  ],
  [
    "day and month swapped",
    { givenName: "Siobhan", familyName: "McAllister-Kerr", dateOfBirth: "1991-07-04" },
    "likely",
  ],
  [
    "one digit wrong in the year",
    { givenName: "Siobhan", familyName: "McAllister-Kerr", dateOfBirth: "1981-04-07" },
    "likely",
  ],
  ["the police identifier alone, written differently", { policeIdentifier: "26/123456x" }, "identifier"],
  ["the health identifier with spaces", { healthIdentifier: "070 491 1234" }, "identifier"],
  [
    "identifier beats a different name",
    { givenName: "John", familyName: "Smith", dateOfBirth: "1970-01-01", policeIdentifier: "26/123456X" },
    "identifier",
  ],
];

const mustNotMatch: Case[] = [
  ["a different person born the same day", { givenName: "John", familyName: "Smith", dateOfBirth: "1991-04-07" }, null],
  [
    "same name, a different date of birth",
    { givenName: "Siobhan", familyName: "McAllister-Kerr", dateOfBirth: "1985-11-23" },
    null,
  ],
  [
    "a typo in the name and in the date together",
    { givenName: "Siobhan", familyName: "McAlister-Kerr", dateOfBirth: "1991-04-08" },
    null,
  ],
  ["a short family name one letter off", { givenName: "Siobhan", familyName: "Ker", dateOfBirth: "1991-04-07" }, null],
  ["family name only, no date", { familyName: "McAllister-Kerr" }, null],
  ["another identifier", { policeIdentifier: "26/999999Z" }, null],
];

describe("matching a returning person", () => {
  it.each([...mustMatch, ...mustNotMatch])("%s", (_story, query, expected) => {
    expect(matchPerson(query, known)?.strength ?? null).toBe(expected);
  });

  it("ranks an exact match above a near miss", () => {
    const exact = matchPerson(
      { givenName: "Siobhan", familyName: "McAllister-Kerr", dateOfBirth: "1991-04-07" },
      known,
    )!;
    const near = matchPerson({ givenName: "Siobhan", familyName: "McAlister-Kerr", dateOfBirth: "1991-04-07" }, known)!;
    expect(exact.score).toBeGreaterThan(near.score);
  });
});
