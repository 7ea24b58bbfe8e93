import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { onwardReferrals, outcomeEvents, people, uploads } from "#db/schema";
import { errorReportCsv } from "~/domain/outcome-csv";
import { importOutcomeCsv, outcomeCsvTemplate } from "~/domain/outcome-csv.server";
import { csvText } from "~/utils/csv";
import { parseCsv } from "~/utils/csv-read.server";
import { ukDateOf } from "~/utils/dates";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const serviceWorker = { userId: "user-service", organisationId: "org-nads", ipAddress: "127.0.0.1" };
const nadsServices = new Set(["svc-nads-treatment", "svc-kelmoor-recovery"]);
const today = ukDateOf(new Date());
const daysAgo = (n: number) => ukDateOf(new Date(Date.now() - n * 86400_000));
const header = "onward_referral_id,event,date,appointment_time,place,reason,engagement,note";

function world() {
  const db = createDemoWorldDb();
  const { referralId } = makeReferral(db);
  const first = makeOnwardReferral(db, {
    referralId,
    serviceId: "svc-nads-treatment",
    status: "requested",
    daysAgo: 10,
  });
  const second = makeOnwardReferral(db, { referralId, serviceId: "svc-kelmoor-recovery", status: "requested" });
  const housing = makeOnwardReferral(db, { referralId, serviceId: "svc-harbour-housing", status: "requested" });
  const statusOf = (id: string) => db.select().from(onwardReferrals).where(eq(onwardReferrals.id, id)).get()!.status;
  return { db, first, second, housing, statusOf };
}

describe("reading CSV", () => {
  it("handles quotes, commas and line breaks inside quotes, CRLF and a byte-order mark", () => {
    expect(parseCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["x, y", 'say "hi"\nthere'],
      ],
    });
  });

  it("neutralises cells a spreadsheet would run as formulas in the error report", () => {
    expect(csvText([["=HYPERLINK(1)", "+1", "-1", "@SUM"]])).toBe(`"'=HYPERLINK(1)","'+1","'-1","'@SUM"\r\n`);
    expect(errorReportCsv([{ row: 3, column: "event", problem: '=cmd|"/c calc"' }])).toBe(
      '"row","column","problem"\r\n3,"event","\'=cmd|""/c calc"""\r\n',
    );
  });
});

describe("uploading outcomes", () => {
  it("a good file applies every row, in date order within each referral", () => {
    const { db, first, second, statusOf } = world();
    const csv = [
      header,
      `${first},attended,${today},,,,,`,
      `${first},accepted,${daysAgo(8)},,,,,`,
      `${first},appointment_booked,${daysAgo(7)},${daysAgo(2)} 10:30,Harbour Road,,,`,
      `${second},declined,${today.split("-").reverse().join("/")},,,no_capacity,,`,
      ",,,,,,,",
    ].join("\n");
    const result = importOutcomeCsv(db, serviceWorker, nadsServices, csv);
    expect(result).toMatchObject({ ok: true, rowCount: 5, applied: 4, alreadyRecorded: 0, emptyRows: 1 });
    expect(statusOf(first)).toBe("in-progress");
    expect(statusOf(second)).toBe("rejected");
    expect(
      db
        .select()
        .from(outcomeEvents)
        .all()
        .every((e) => e.source === "csv" && e.importKey),
    ).toBe(true);
    expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, first)).get()!.firstAppointmentAt).toMatch(
      new RegExp(`^${daysAgo(2)}T`),
    );
    expect(db.select().from(uploads).all()).toMatchObject([
      { kind: "outcome_events", organisationId: "org-nads", rowCount: 4 },
    ]);
  });

  it("the same file twice does not double-count", () => {
    const { db, first } = world();
    const csv = `${header}\n${first},accepted,${today},,,,,\n`;
    expect(importOutcomeCsv(db, serviceWorker, nadsServices, csv)).toMatchObject({ ok: true, applied: 1 });
    // Spacing and case differ; it is still the same row.
    expect(
      importOutcomeCsv(db, serviceWorker, nadsServices, `${header}\n ${first} , Accepted ,${today},,,,,\n`),
    ).toMatchObject({ ok: true, applied: 0, alreadyRecorded: 1 });
    expect(db.select().from(outcomeEvents).all()).toHaveLength(1);
    expect(db.select().from(uploads).all()).toHaveLength(1);
  });

  it("a file with a bad row applies nothing and lists each problem by row and column", () => {
    const { db, first, second, housing, statusOf } = world();
    const csv = [
      header,
      `${first},accepted,${today},,,,,`,
      `${second},declined,${today},,,,,`,
      `${housing},accepted,${today},,,,,`,
      `${first},engagement_check_4_weeks,${today},,,,very,`,
      `${second},flew_away,31/02/2026,,,,,`,
      `${first},accepted,2999-01-01,,,,,`,
    ].join("\n");
    const result = importOutcomeCsv(db, serviceWorker, nadsServices, csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { row: 3, column: "reason", problem: "Choose why the referral is declined" },
      { row: 4, column: "onward_referral_id", problem: `“${housing}” is not a referral to one of your services` },
      { row: 5, column: "engagement", problem: "Choose how engaged the person is" },
      { row: 6, column: "event", problem: "“flew_away” is not an event this spreadsheet can record" },
      { row: 7, column: "date", problem: "The date is in the future" },
    ]);
    expect(result.report.split("\r\n")[0]).toBe('"row","column","problem"');
    expect(statusOf(first)).toBe("requested");
    expect(db.select().from(outcomeEvents).all()).toHaveLength(0);
    expect(db.select().from(uploads).all()).toHaveLength(0);
  });

  it("a transition the state machine refuses is a problem on its row", () => {
    const { db, first } = world();
    const result = importOutcomeCsv(db, serviceWorker, nadsServices, `${header}\n${first},attended,${today},,,,,\n`);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ row: 2, column: "event", problem: expect.stringMatching(/cannot be recorded while/) }],
    });
  });

  it("missing headings are named", () => {
    const { db } = world();
    const result = importOutcomeCsv(db, serviceWorker, nadsServices, "id,what\nx,y\n");
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { row: 1, column: "onward_referral_id" },
        { row: 1, column: "event" },
        { row: 1, column: "date" },
      ],
    });
  });

  it("the template lists the organisation's open referrals and nothing of others", () => {
    const { db, first, second, housing } = world();
    const template = outcomeCsvTemplate(db, nadsServices);
    const read = parseCsv(template);
    expect(read.ok && read.rows[0]).toEqual([
      ...header.split(","),
      "name",
      "date_of_birth",
      "service",
      "need",
      "referred_on",
    ]);
    expect(template).toContain(first);
    expect(template).toContain(second);
    expect(template).not.toContain(housing);
    // Without the person's consent to share, the row does not say who it is.
    const firstRow = read.ok ? read.rows.find((r) => r[0] === first)! : [];
    expect(firstRow.slice(read.ok ? read.rows[0].indexOf("name") : 0).slice(0, 2)).toEqual(["(not shared)", ""]);
    // The filled-in template with untouched rows uploads cleanly: empty events are skipped.
    expect(importOutcomeCsv(db, serviceWorker, nadsServices, template)).toMatchObject({
      ok: true,
      applied: 0,
      emptyRows: 2,
    });
  });

  it("a template with references that start like a formula, filled in and saved by a spreadsheet, applies cleanly", () => {
    const { db } = world();
    const { referralId } = makeReferral(db);
    // Pathway references are random base64url: one in 32 starts with '-' (4 of 250 in one service's template).
    const ids = ["-uHFFMZAF_67wcJ3", "=looks-like-a-formula", "+plus", "@at"];
    for (const id of ids)
      makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested", daysAgo: 3, id });
    const template = outcomeCsvTemplate(db, nadsServices);
    expect(template).toContain("'-uHFFMZAF_67wcJ3");

    // Downloaded and uploaded unchanged: every row is an empty one.
    expect(importOutcomeCsv(db, serviceWorker, nadsServices, template)).toMatchObject({
      ok: true,
      applied: 0,
      emptyRows: ids.length + 2,
    });

    // A spreadsheet shows the cells as written ('-uHF…), the user fills in the event and the
    // date, and it saves the cells as it shows them, quoting only where it must.
    const shown: string[][] = parse(template);
    const [headings, ...rows] = shown;
    const filled = rows.map((row) =>
      headings.map((h, i) => (h === "event" ? "accepted" : h === "date" ? today : row[i])),
    );
    const saved = [headings, ...filled]
      .map((row) => row.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(","))
      .join("\r\n");
    expect(saved).toContain("\n'-uHFFMZAF_67wcJ3,accepted,");

    const result = importOutcomeCsv(db, serviceWorker, nadsServices, saved);
    expect(result).toMatchObject({ ok: true, applied: rows.length });
    for (const id of ids)
      expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.id, id)).get()!.status).toBe("accepted");
  });

  it("an unclosed quote is a problem naming its line, and nothing applies", () => {
    const { db, first, second, statusOf } = world();
    const csv = [
      header,
      `${first},accepted,${today},,,,,`,
      `${second},accepted,${today},,,,,"the note never ends`,
      `${first},attended,${today},,,,,`,
    ].join("\r\n");
    const result = importOutcomeCsv(db, serviceWorker, nadsServices, csv);
    expect(result).toMatchObject({ ok: false, problems: [{ row: 3, column: "" }] });
    expect(!result.ok && result.problems[0].problem).toMatch(/line 3/);
    expect([statusOf(first), statusOf(second)]).toEqual(["requested", "requested"]);
  });

  it("the template names each person who agreed to share, and the upload ignores the name columns", () => {
    const { db, first } = world();
    shareAssessmentWithService(db, first, ["drugs"]);
    const person = db
      .select({ givenName: people.givenName, familyName: people.familyName, dateOfBirth: people.dateOfBirth })
      .from(people)
      .innerJoin(onwardReferrals, eq(onwardReferrals.personId, people.id))
      .where(eq(onwardReferrals.id, first))
      .get()!;
    const template = outcomeCsvTemplate(db, nadsServices);
    const read = parseCsv(template);
    if (!read.ok) throw new Error(read.problem);
    const [headings, ...rows] = read.rows;
    const row = rows.find((r) => r[0] === first)!;
    expect(row[headings.indexOf("name")]).toBe(`${person.givenName} ${person.familyName}`);
    expect(row[headings.indexOf("date_of_birth")]).toBe(person.dateOfBirth);
    // Filled in: the event is recorded whatever the name cells say (they are for the reader only).
    const filledRows = rows.map((r) =>
      r[0] === first
        ? headings.map((h, i) =>
            h === "event" ? "accepted" : h === "date" ? today : h === "name" ? "Someone Else" : r[i],
          )
        : r,
    );
    const filled = csvText([headings, ...filledRows]);
    expect(importOutcomeCsv(db, serviceWorker, nadsServices, filled)).toMatchObject({ ok: true, applied: 1 });
  });
});
