import { describe, expect, it } from "vitest";
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
});
