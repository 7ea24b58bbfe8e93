// Person search runs on every keystroke: at most 3 statements (the hits, then one audit batch:
// the last hash and one insert) in one transaction, for every role, and the audit chain stays whole.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { users } from "#db/schema";
import { findBrokenAuditRow } from "~/domain/audit.server";
import { loadActor } from "~/domain/permissions.server";
import { searchSchema } from "~/domain/search";
import { searchCases } from "~/domain/search.server";
import { action as searchAction } from "~/routes/search";
import { signInCookie } from "~/server/auth.server";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { countStatements } from "../support/statement-count";
import { createDemoWorldDb } from "../support/test-db";

afterEach(() => {
  globalThis.__pathwayDb = undefined;
});

function searcher(db: Db, userId: string) {
  const user = db.select().from(users).where(eq(users.id, userId)).get()!;
  return { actor: loadActor(db, user), audit: { userId, organisationId: user.organisationId, ipAddress: "127.0.0.1" } };
}

describe("the cost of a search", () => {
  it.each(["user-worker", "user-custody", "user-service"])(
    "%s: at most 3 statements, one transaction",
    async (userId) => {
      const db = createDemoWorldDb();
      for (let i = 0; i < 6; i++) {
        const { referralId } = makeReferral(db, { centreId: "cc-northfirth", familyName: "Costsearch" });
        makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });
      }
      const { actor, audit } = searcher(db, userId);
      const terms = searchSchema.parse({ name: "costs" });
      const { result: hits, sql, transactions } = await countStatements(db, () => searchCases(db, actor, audit, terms));
      expect(hits.length).toBeGreaterThan(0);
      expect(sql.length, sql.join("\n")).toBeLessThanOrEqual(3);
      expect(transactions).toBe(1);
      expect(findBrokenAuditRow(db)).toBeNull();
    },
  );

  it("the whole keystroke (the POST to /search) is measured too", async () => {
    const db = createDemoWorldDb();
    globalThis.__pathwayDb = db;
    makeReferral(db, { centreId: "cc-northfirth", familyName: "Keystroke" });
    const context = { clientAddress: "127.0.0.1", cspNonce: "", signInRetryAfterSeconds: 0 };
    const cookie = (
      await signInCookie("user-worker", { request: new Request("http://localhost/"), context: { ...context } })
    ).split(";")[0];
    const { sql } = await countStatements(db, () =>
      searchAction({
        request: new Request("http://localhost/search", {
          method: "POST",
          headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ name: "keystroke" }),
        }),
        context: { ...context },
        params: {},
      }),
    );
    console.log(`POST /search: ${sql.length} statements\n${sql.join("\n")}`);
    expect(sql.length).toBeGreaterThan(0);
  });
});
