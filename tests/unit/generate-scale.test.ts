// What the generated national-scale data showed up: a returning person must still be found
// when hundreds of other people share their date of birth, or one a typo away from it.
import { describe, expect, it } from "vitest";
import { people } from "#db/schema";
import { nameKey } from "~/domain/people";
import { findLikelyMatches } from "~/domain/people.server";
import { createDemoWorldDb } from "../support/test-db";

describe("person search at national scale", () => {
  it("finds the person among more than 500 people born on the same day or a digit away", () => {
    const db = createDemoWorldDb();
    const family = ["Smith", "Brown", "Wilson", "Campbell", "Stewart", "Thomson", "Robertson", "Anderson"];
    const given = ["James", "John", "Robert", "Michael", "David", "Paul", "Mark", "Steven"];
    const rows = [];
    for (let i = 0; i < 1200; i++) {
      // Most share the exact date; the rest sit on dates one digit away from it.
      const dateOfBirth = i % 3 ? "1988-04-17" : `1988-04-1${i % 10}`;
      const g = given[i % given.length];
      const f = family[Math.floor(i / given.length) % family.length];
      rows.push({
        id: `crowd-${i}`,
        givenName: g,
        familyName: f,
        dateOfBirth,
        givenNameKey: nameKey(g),
        familyNameKey: nameKey(f),
      });
    }
    rows.push({
      id: "the-person",
      givenName: "Ailsa",
      familyName: "Zielinska",
      dateOfBirth: "1988-04-17",
      givenNameKey: "ailsa",
      familyNameKey: "zielinska",
    });
    for (let i = 0; i < rows.length; i += 200)
      db.insert(people)
        .values(rows.slice(i, i + 200))
        .run();

    const exact = findLikelyMatches(db, { givenName: "Ailsa", familyName: "Zielinska", dateOfBirth: "1988-04-17" });
    expect(exact.map((m) => m.personId)).toEqual(["the-person"]);
    // A slip in the date, with the name as known, still finds them.
    const nearDate = findLikelyMatches(db, { givenName: "Ailsa", familyName: "Zielinska", dateOfBirth: "1988-04-18" });
    expect(nearDate.map((m) => m.personId)).toEqual(["the-person"]);
    // A slip in the name, with the date as known, too.
    const nearName = findLikelyMatches(db, { givenName: "Ailsa", familyName: "Zielinksa", dateOfBirth: "1988-04-17" });
    expect(nearName.map((m) => m.personId)).toEqual(["the-person"]);
  });
});
