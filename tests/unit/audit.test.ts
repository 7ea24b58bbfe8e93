import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "#db/connection";
import { auditFilterChoices } from "~/domain/audit-log.server";
import { findBrokenAuditRow, recordAudit, recordPersonViewed } from "~/domain/audit.server";
import { createTestDb } from "../support/test-db";

describe("the audit log", () => {
  it("refuses UPDATE and DELETE at the database level", () => {
    const db = createTestDb();
    recordAudit(
      db,
      { userId: "u1", organisationId: "o1", ipAddress: "127.0.0.1" },
      { action: "person.view", recordType: "person", recordId: "p1" },
    );
    const sqlite = db.$client;
    expect(() => sqlite.prepare("UPDATE audit_events SET action = 'nothing'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("DELETE FROM audit_events").run()).toThrow(/append-only/);
    expect(sqlite.prepare("SELECT action FROM audit_events").all()).toEqual([{ action: "person.view" }]);
  });

  it("chains each row to the one before, so a forged row is found", () => {
    const db = createTestDb();
    for (let i = 0; i < 3; i++) recordAudit(db, { userId: "u1" }, { action: `action-${i}` });
    expect(findBrokenAuditRow(db)).toBeNull();

    // Someone with the file drops the trigger and edits a row: the chain breaks there.
    db.$client.exec("DROP TRIGGER audit_events_no_update");
    db.$client.prepare("UPDATE audit_events SET user_id = 'someone-else' WHERE seq = 2").run();
    expect(findBrokenAuditRow(db)).toBe(2);
  });

  it("keeps one chain when two connections write: a transaction holds the write lock from its start", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathway-audit-"));
    const server = openDatabase(path.join(dir, "pathway.db"));
    migrateDatabase(server);
    const script = openDatabase(path.join(dir, "pathway.db"));
    script.$client.pragma("busy_timeout = 0");
    try {
      recordAudit(server, { userId: "u1" }, { action: "first" });
      let slippedIn: unknown = null;
      server.transaction((tx) => {
        expect(findBrokenAuditRow(tx)).toBeNull(); // reads first, as every change does before its audit row
        // Another process tries to write between this transaction's read and its write; a deferred
        // transaction would let it, and then fail on its own write with SQLITE_BUSY.
        try {
          recordAudit(script, { userId: "u2" }, { action: "from-a-script" });
        } catch (error) {
          slippedIn = error;
        }
        recordAudit(tx, { userId: "u1" }, { action: "second" });
      });
      expect(String(slippedIn)).toMatch(/database is locked/);
      recordAudit(script, { userId: "u2" }, { action: "from-a-script" });
      expect(server.$client.prepare("SELECT action FROM audit_events ORDER BY seq").pluck().all()).toEqual([
        "first",
        "second",
        "from-a-script",
      ]);
      expect(findBrokenAuditRow(server)).toBeNull();
    } finally {
      server.$client.close();
      script.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("offers every action the log holds for filtering, from a list kept as rows are written", () => {
    const db = createTestDb();
    for (const action of ["person.view", "referral.claim", "person.view"])
      recordAudit(db, { userId: "u1" }, { action });
    expect(auditFilterChoices(db).actions).toEqual(["person.view", "referral.claim"]);
  });
});

describe("reading a person's record is audited in one place", () => {
  it("writes the rows the log has always held for each place a record is seen", () => {
    const db = createTestDb();
    const actor = { userId: "u1", organisationId: "o1", ipAddress: "127.0.0.1" };
    recordPersonViewed(db, actor, "p1", { via: "arrest-referral", recordId: "r1" });
    recordPersonViewed(db, actor, "p1", { via: "onward-referral", recordId: "o1" });
    recordPersonViewed(db, actor, "p1", { via: "needs-assessment", recordId: "a1" });
    recordPersonViewed(db, actor, "p1", { via: "release-card", recordId: "r1" });
    recordPersonViewed(db, actor, "p1", { via: "match-shown", recordId: "p1" });
    recordPersonViewed(db, { organisationId: "o2" }, "p1", {
      via: "fhir-task",
      recordId: "o1",
      detail: { via: "fhir-api", apiKeyId: "k1" },
    });
    const rows = db.$client
      .prepare("SELECT user_id, action, record_type, record_id, person_id, detail FROM audit_events ORDER BY seq")
      .all();
    expect(rows).toEqual([
      {
        user_id: "u1",
        action: "person.view",
        record_type: "arrest_referral",
        record_id: "r1",
        person_id: "p1",
        detail: null,
      },
      {
        user_id: "u1",
        action: "person.view",
        record_type: "onward_referral",
        record_id: "o1",
        person_id: "p1",
        detail: null,
      },
      {
        user_id: "u1",
        action: "assessment.view",
        record_type: "needs_assessment",
        record_id: "a1",
        person_id: "p1",
        detail: null,
      },
      {
        user_id: "u1",
        action: "release-card.view",
        record_type: "arrest_referral",
        record_id: "r1",
        person_id: "p1",
        detail: null,
      },
      {
        user_id: "u1",
        action: "person.match-shown",
        record_type: "person",
        record_id: "p1",
        person_id: "p1",
        detail: null,
      },
      {
        user_id: null,
        action: "person.view",
        record_type: "onward_referral",
        record_id: "o1",
        person_id: "p1",
        detail: '{"via":"fhir-api","apiKeyId":"k1"}',
      },
    ]);
    expect(findBrokenAuditRow(db)).toBeNull();
  });

  it("no route or other domain module writes a viewing row by hand", () => {
    const byHand: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !file.endsWith(path.join("domain", "audit.server.ts"))) {
          const source = fs.readFileSync(file, "utf8");
          if (/action: "(person\.view|person\.match-shown|assessment\.view|release-card\.view)"/.test(source))
            byHand.push(file);
        }
      }
    };
    walk(path.resolve("app"));
    expect(byHand).toEqual([]);
  });
});
