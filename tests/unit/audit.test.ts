import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "#db/connection";
import { auditFilterChoices } from "~/domain/audit-log.server";
import { findBrokenAuditRow, recordAudit } from "~/domain/audit.server";
import { createTestDb } from "../support/test-db";

describe("the audit log", () => {
  it("refuses UPDATE and DELETE at the database level", () => {
    const db = createTestDb();
    recordAudit(db, { userId: "u1", organisationId: "o1", ipAddress: "127.0.0.1" }, { action: "person.view", recordType: "person", recordId: "p1" });
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
      expect(server.$client.prepare("SELECT action FROM audit_events ORDER BY seq").pluck().all()).toEqual(["first", "second", "from-a-script"]);
      expect(findBrokenAuditRow(server)).toBeNull();
    } finally {
      server.$client.close();
      script.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("offers every action the log holds for filtering, from a list kept as rows are written", () => {
    const db = createTestDb();
    for (const action of ["person.view", "referral.claim", "person.view"]) recordAudit(db, { userId: "u1" }, { action });
    expect(auditFilterChoices(db).actions).toEqual(["person.view", "referral.claim"]);
  });
});
