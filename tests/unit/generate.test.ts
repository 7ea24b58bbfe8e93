// The performance data generator: the same seed gives the same database, and the database is
// one the app itself would accept — intact, every foreign key pointing somewhere, the audit
// chain unbroken, and retention already applied the way the app's own job applies it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection";
import { listPeoplePastRetention } from "~/domain/retention.server";
import { generateDatabase, type GenerateResult } from "../../scripts/generate/run";
import { outcomeTimelineProblemsIn } from "../support/timelines";

const now = new Date("2026-11-23T00:00:00Z");
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pathway-generate-"));
const files = [path.join(folder, "a.db"), path.join(folder, "b.db")];
let first: GenerateResult;
let second: GenerateResult;

// A one-year retention period, so that the small history has people past it.
const options = { scale: "small" as const, seed: 7, now, check: true, retentionYears: 1 };

beforeAll(async () => {
  first = await generateDatabase({ ...options, out: files[0] });
  second = await generateDatabase({ ...options, out: files[1] });
});

afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const lastAuditHash = (file: string) => {
  const db = openDatabase(file);
  const row = db.$client.prepare("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as { hash: string };
  db.$client.close();
  return row.hash;
};

describe("the small generated database", () => {
  it("is the same twice from the same seed: every count, and the whole audit log to its last hash", () => {
    expect(second.rows).toEqual(first.rows);
    expect(second.history).toEqual(first.history);
    expect(lastAuditHash(files[1])).toBe(lastAuditHash(files[0]));
  });

  it("passes integrity_check and foreign_key_check, and its audit chain verifies", () => {
    expect(first.checks).toEqual({ integrity: "ok", foreignKeyProblems: 0, brokenAuditRow: null });
  });

  it("has the shapes of real history: returning people, throughput for every centre-month, onward referrals and outcomes", () => {
    const { rows, history } = first;
    expect(rows.custody_throughput).toBe(6 * 12);
    expect(rows.arrest_referrals).toBeGreaterThan(1000);
    expect(history.returning / history.referrals).toBeGreaterThan(0.15);
    expect(history.returning / history.referrals).toBeLessThan(0.35);
    expect(rows.onward_referrals / rows.arrest_referrals).toBeGreaterThan(1);
    expect(rows.outcome_events / rows.onward_referrals).toBeGreaterThan(3);
    expect(rows.audit_events).toBeGreaterThan(10 * rows.arrest_referrals);
  });

  it("leaves nobody past retention for the app's own job to find", () => {
    expect(first.anonymised).toBeGreaterThan(0);
    const db = openDatabase(files[0]);
    expect(listPeoplePastRetention(db, now)).toEqual([]);
    db.$client.close();
  });

  it("has outcome events that make sense against the ones before them (the rule set the app applies)", () => {
    const db = openDatabase(files[0]);
    const { checked, problems } = outcomeTimelineProblemsIn(db, now);
    db.$client.close();
    expect(checked).toBeGreaterThan(100);
    expect(problems.slice(0, 3)).toEqual([]);
  });
});
