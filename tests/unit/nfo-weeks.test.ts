// NFO weeks are UK weeks: Monday 00:00 to Sunday 24:00 on the UK wall clock (decision 025), like
// every other figure's months and days. An overdose at 00:30 BST on a Monday (23:30 UTC on the
// Sunday, as stored) belongs to that Monday's week, on both sides of each clock change.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { countCell } from "~/domain/disclosure";
import { nfoFigures, weeksOf } from "~/domain/metrics/nfo.server";
import { createDemoWorldDb, zeroRecordKeys } from "../support/test-db";

/** Each case: the UTC instant stored, the Monday of its UK week, and how many NFOs to file then. */
const CASES = [
  // Summer: Monday 2 June 00:30 BST is Sunday 1 June 23:30 UTC.
  { at: "2025-06-01T23:30:00.000Z", week: "2025-06-02", count: 6 },
  // Sunday 1 June 23:30 BST (22:30 UTC) is still the week before.
  { at: "2025-06-01T22:30:00.000Z", week: "2025-05-26", count: 7 },
  // The first Monday of summer time: Monday 31 March 00:30 BST is 30 March 23:30 UTC.
  { at: "2025-03-30T23:30:00.000Z", week: "2025-03-31", count: 8 },
  // The Sunday the clocks go back: 00:30 BST on 26 October is 23:30 UTC on Saturday 25th.
  { at: "2025-10-25T23:30:00.000Z", week: "2025-10-20", count: 9 },
  // Winter: Monday 27 October 00:30 GMT is 00:30 UTC, the same instant on both clocks.
  { at: "2025-10-27T00:30:00.000Z", week: "2025-10-27", count: 10 },
  // Winter, the last minutes of a Sunday: 23:59 GMT on Sunday 9 November.
  { at: "2025-11-09T23:59:00.000Z", week: "2025-11-03", count: 11 },
];

describe("NFO weeks", () => {
  it("puts each overdose in the UK week of its UK wall-clock time, around the clock changes", () => {
    const db = createDemoWorldDb();
    db.$client.exec("DELETE FROM naloxone_reports");
    zeroRecordKeys(db);
    let n = 0;
    for (const { at, count } of CASES)
      for (let i = 0; i < count; i++) {
        n += 1;
        db.run(sql`INSERT INTO people (id, given_name, family_name, date_of_birth, given_name_key, family_name_key, is_identified)
          VALUES (${`WEEKPERSON${n}`}, '', '', '', '', '', 0)`);
        db.run(sql`INSERT INTO naloxone_reports (id, record_key, police_organisation_id, reported_by_user_id, administered_at,
            area_id, patient_state, paraphernalia_present, doses, ambulance_responded, taken_to_hospital,
            person_id, person_named_by_officer, created_at)
          VALUES (${`WEEKNFO${n}`}, 0, 'org-police', 'user-custody', ${at}, 'la-northfirth', 'drowsy', 0, 1, 1, 0,
            ${`WEEKPERSON${n}`}, 0, ${at})`);
      }

    const figures = nfoFigures(db, { areaIds: ["la-northfirth"], from: "2025-01-01", to: "2025-12-31" });
    const expected = new Map<string, number>();
    for (const { week, count } of CASES) expected.set(week, (expected.get(week) ?? 0) + count);
    for (const week of figures.weeks) {
      const truth = expected.get(week.week) ?? 0;
      expect(week.total, week.week).toEqual(countCell(truth, 0));
      expect(week.byArea["la-northfirth"], week.week).toEqual(countCell(truth, 0));
    }
    expect(figures.weeks.map((w) => w.week)).toEqual(expect.arrayContaining([...expected.keys()]));
  });

  it("lists the Mondays of the weeks that touch the period", () => {
    expect(weeksOf({ from: "2025-03-30", to: "2025-04-07" })).toEqual(["2025-03-24", "2025-03-31", "2025-04-07"]);
    expect(weeksOf({ from: "2025-10-27", to: "2025-10-27" })).toEqual(["2025-10-27"]);
  });
});
