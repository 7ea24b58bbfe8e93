import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, custodyThroughput, uploads } from "#db/schema";
import {
  checkThroughputCsv,
  importThroughput,
  saveThroughput,
  throughputEntrySchema,
  throughputTemplateCsv,
} from "~/domain/throughput.server";
import { parseCsv } from "~/utils/csv-read.server";
import { createDemoWorldDb } from "../support/test-db";
import { seedDemoThroughput } from "#seed/demo-throughput";

const NOW = new Date("2026-11-23T09:00:00Z");
const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };

describe("reading CSV", () => {
  it("handles quotes, commas and line breaks in fields, CRLF and a byte-order mark", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",3')).toEqual({
      ok: true,
      rows: [
        ["a", "b"],
        ["x, y", 'say "hi"'],
        ["two\nlines", "3"],
      ],
    });
  });
});

describe("checking a throughput file", () => {
  it("accepts a good file", () => {
    const db = createDemoWorldDb();
    const checked = checkThroughputCsv(
      db,
      "centre_code,month,detentions,disclosed_drugs\nNFC,2026-10,412,66\nkmc,2026-10,201,\n",
      NOW,
    );
    expect(checked).toEqual({
      ok: true,
      entries: [
        {
          row: 2,
          custodyCentreId: "cc-northfirth",
          month: "2026-10",
          detentions: 412,
          disclosedDrugs: 66,
          disclosedAlcohol: null,
          disclosedMentalHealth: null,
        },
        {
          row: 3,
          custodyCentreId: "cc-kelmoor",
          month: "2026-10",
          detentions: 201,
          disclosedDrugs: null,
          disclosedAlcohol: null,
          disclosedMentalHealth: null,
        },
      ],
    });
  });

  it("reports every problem by row and column, and writes nothing", () => {
    const db = createDemoWorldDb();
    const file = [
      "centre_code,month,detentions,disclosed_drugs,disclosed_alcohol,disclosed_mental_health",
      "NFC,2026-10,412,66,50,170",
      "XXX,2026-10,100,,,",
      "KMC,October,many,,,",
      "PAD,2026-12,90,,,",
      "WMC,2026-10,50,60,,",
      "NFC,2026-10,400,,,",
    ].join("\n");
    const result = importThroughput(db, admin, file, NOW);
    expect(result).toEqual({
      ok: false,
      problems: [
        { row: 3, column: "centre_code", problem: "No custody centre has the code “XXX”." },
        { row: 4, column: "month", problem: "Enter the month as year and month, like 2026-03" },
        { row: 4, column: "detentions", problem: "Enter the number of detentions as a whole number, like 412" },
        { row: 5, column: "month", problem: "The month is in the future: enter figures for months that have happened" },
        { row: 6, column: "disclosed_drugs", problem: "This is more than the number of detentions" },
        { row: 7, column: "month", problem: "Row 2 already gives October 2026 at Northfirth Central Custody." },
      ],
    });
    expect(db.select().from(custodyThroughput).all()).toEqual([]);
  });

  it("says which columns are missing from the header", () => {
    const db = createDemoWorldDb();
    expect(checkThroughputCsv(db, "centre,month\nNFC,2026-10\n", NOW)).toEqual({
      ok: false,
      problems: [
        {
          row: 1,
          column: "centre_code",
          problem: "This column is missing from the header row. Start from the template.",
        },
        {
          row: 1,
          column: "detentions",
          problem: "This column is missing from the header row. Start from the template.",
        },
      ],
    });
  });
});

describe("importing throughput", () => {
  it("imports a file, records the upload and audits it, and replaces a month imported again", () => {
    const db = createDemoWorldDb();
    const first = importThroughput(db, admin, "centre_code,month,detentions\nNFC,2026-09,400\nNFC,2026-10,410\n", NOW);
    expect(first).toEqual({ ok: true, result: { imported: 2, replaced: [] } });

    const again = importThroughput(
      db,
      admin,
      "centre_code,month,detentions,disclosed_drugs\nNFC,2026-10,415,70\nKMC,2026-10,200,30\n",
      NOW,
    );
    expect(again).toEqual({
      ok: true,
      result: { imported: 2, replaced: [{ centreName: "Northfirth Central Custody", month: "2026-10" }] },
    });

    const october = db.select().from(custodyThroughput).where(eq(custodyThroughput.month, "2026-10")).all();
    expect(october.map((r) => [r.custodyCentreId, r.detentions, r.disclosedDrugs]).sort()).toEqual([
      ["cc-kelmoor", 200, 30],
      ["cc-northfirth", 415, 70],
    ]);
    expect(db.select().from(uploads).all()).toHaveLength(2);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "custody-throughput.import")).all()).toHaveLength(
      2,
    );
  });

  it("saves one month from the form and says when it replaced one", () => {
    const db = createDemoWorldDb();
    const parsed = throughputEntrySchema(NOW).parse({
      custodyCentreId: "cc-kelmoor",
      month: "2026-10",
      detentions: "210",
      disclosedDrugs: "",
      disclosedAlcohol: "31",
    });
    expect(parsed).toEqual({
      custodyCentreId: "cc-kelmoor",
      month: "2026-10",
      detentions: 210,
      disclosedDrugs: null,
      disclosedAlcohol: 31,
      disclosedMentalHealth: null,
    });
    expect(saveThroughput(db, admin, parsed, NOW)).toEqual({ replaced: false });
    expect(saveThroughput(db, admin, { ...parsed, detentions: 212 }, NOW)).toEqual({ replaced: true });
    expect(db.select().from(custodyThroughput).all()).toMatchObject([
      { custodyCentreId: "cc-kelmoor", month: "2026-10", detentions: 212 },
    ]);
  });

  it("offers a template that imports once filled in", () => {
    const db = createDemoWorldDb();
    const template = throughputTemplateCsv(db, NOW);
    expect(template.split("\r\n")[0]).toBe(
      '"centre_code","month","detentions","disclosed_drugs","disclosed_alcohol","disclosed_mental_health"',
    );
    expect(template).toContain('"NFC","2026-10","","","",""');
    const filled = template.replace(/"2026-10","","","",""/g, '"2026-10",100,10,10,40');
    expect(importThroughput(db, admin, filled, NOW)).toMatchObject({ ok: true, result: { imported: 6 } });
  });
});

describe("importing for a force's own centres", () => {
  const northfirthDivision = new Set(["cc-northfirth", "cc-kelmoor", "cc-port-aird"]);
  const officer = { userId: "user-custody", organisationId: "org-police", ipAddress: "127.0.0.1" };

  it("reports each row for a centre outside them, with any other problem in the row, and writes nothing", () => {
    const db = createDemoWorldDb();
    const file = [
      "centre_code,month,detentions",
      "NFC,2026-10,400",
      "WMC,2026-10,300",
      "gbr,October,lots",
      "XXX,2026-10,10",
    ].join("\n");
    expect(importThroughput(db, officer, file, NOW, northfirthDivision)).toEqual({
      ok: false,
      problems: [
        {
          row: 3,
          column: "centre_code",
          problem: "Westmuir Custody Centre (WMC) is not one of your centres: enter figures only for your own.",
        },
        {
          row: 4,
          column: "centre_code",
          problem: "Glenbrae Custody Suite (GBR) is not one of your centres: enter figures only for your own.",
        },
        { row: 4, column: "month", problem: "Enter the month as year and month, like 2026-03" },
        { row: 4, column: "detentions", problem: "Enter the number of detentions as a whole number, like 412" },
        { row: 5, column: "centre_code", problem: "No custody centre has the code “XXX”." },
      ],
    });
    expect(db.select().from(custodyThroughput).all()).toEqual([]);
    expect(db.select().from(uploads).all()).toEqual([]);
  });

  it("imports a file of only their own centres", () => {
    const db = createDemoWorldDb();
    const file = "centre_code,month,detentions\nNFC,2026-10,400\nPAD,2026-10,90\n";
    expect(importThroughput(db, officer, file, NOW, northfirthDivision)).toEqual({
      ok: true,
      result: { imported: 2, replaced: [] },
    });
    expect(checkThroughputCsv(db, file, NOW, new Set())).toMatchObject({
      ok: false,
      problems: [{ row: 2 }, { row: 3 }],
    });
  });

  it("offers a template with a row for each of their own centres only", () => {
    const db = createDemoWorldDb();
    const read = parseCsv(throughputTemplateCsv(db, NOW, northfirthDivision));
    expect(
      read.ok &&
        read.rows
          .slice(1)
          .map((r) => r[0])
          .sort(),
    ).toEqual(["KMC", "NFC", "PAD"]);
  });
});

describe("demo throughput", () => {
  it("writes two years of months for the six demo centres with plausible shares of disclosed need", () => {
    const db = createDemoWorldDb();
    seedDemoThroughput(db, NOW);
    const rows = db.select().from(custodyThroughput).all();
    expect(rows).toHaveLength(6 * 24);
    expect(new Set(rows.map((r) => r.month)).size).toBe(24);
    expect(rows.every((r) => r.month <= "2026-10")).toBe(true);
    const total = rows.reduce((s, r) => s + r.detentions, 0);
    const share = (key: "disclosedDrugs" | "disclosedAlcohol" | "disclosedMentalHealth") =>
      rows.reduce((s, r) => s + (r[key] ?? 0), 0) / total;
    expect(share("disclosedDrugs")).toBeCloseTo(0.16, 1);
    expect(share("disclosedAlcohol")).toBeCloseTo(0.14, 1);
    expect(share("disclosedMentalHealth")).toBeCloseTo(0.43, 1);
    // Running it again changes nothing.
    seedDemoThroughput(db, NOW);
    expect(db.select().from(custodyThroughput).all()).toHaveLength(6 * 24);
  });
});
