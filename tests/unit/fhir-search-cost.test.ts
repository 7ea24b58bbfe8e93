// FHIR Task search costs a fixed number of statements whatever the page size (the sharing,
// people and consents of a page read in one query), and audits the page in one batch that keeps
// the audit chain whole.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "#db/schema";
import { authenticateApiKey, createApiKey } from "~/domain/api-keys.server";
import { findBrokenAuditRow } from "~/domain/audit.server";
import { parseTaskSearch, searchTasks } from "~/domain/fhir/tasks.server";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../support/factories";
import { countStatements } from "../support/statement-count";
import { createDemoWorldDb } from "../support/test-db";

const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };

describe("FHIR Task search", () => {
  it("reads any page in at most 6 statements and writes its audit rows in one batch", async () => {
    const db = createDemoWorldDb();
    const key = createApiKey(db, admin, { organisationId: "org-nads", name: "Case system" }).key;
    const client = authenticateApiKey(db, `Bearer ${key}`)!;
    const sharedIds = new Set<string>();
    for (let person = 0; person < 12; person++) {
      const { referralId } = makeReferral(db);
      for (let task = 0; task < 5; task++) {
        const id = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
        if (task === 0) {
          shareAssessmentWithService(db, id, ["drugs"], { drugs: { level: "high", notes: "Daily use" } });
          sharedIds.add(id);
        }
      }
    }
    const auditRows = () => db.select({ n: count() }).from(auditEvents).get()!.n;

    for (const pageSize of [50, 5]) {
      const url = new URL(`http://localhost/api/fhir/Task?_count=${pageSize}`);
      const before = auditRows();
      const {
        result: bundle,
        sql,
        transactions,
      } = await countStatements(db, () => searchTasks(db, client, parseTaskSearch(url.searchParams), url, "127.0.0.1"));
      expect(bundle.total).toBe(60);
      expect(bundle.entry).toHaveLength(pageSize);
      expect(sql.length, sql.join("\n")).toBeLessThanOrEqual(6);
      expect(transactions).toBe(1);
      expect(sql.filter((s) => /^insert into "audit_events"/i.test(s))).toHaveLength(1);
      expect(sql.filter((s) => /savepoint/i.test(s))).toEqual([]);
      expect(auditRows() - before).toBe(pageSize);

      // What each Task shows still follows its own consent.
      for (const entry of bundle.entry as { resource: { id: string; note?: unknown } }[]) {
        const resource = JSON.stringify(entry.resource);
        const isShared = [...sharedIds].some((id) => resource.includes("Daily use") && resource.includes(id));
        expect(resource.includes("Daily use")).toBe(isShared);
      }
    }
    expect(findBrokenAuditRow(db)).toBeNull();
    const rows = db.select().from(auditEvents).where(eq(auditEvents.action, "person.view")).all();
    expect(rows).toHaveLength(55);
    expect(new Set(rows.map((r) => r.recordId)).size).toBe(50);
  });
});
