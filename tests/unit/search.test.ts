import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { auditEvents, users } from "#db/schema";
import { loadActor } from "~/domain/permissions.server";
import { searchSchema } from "~/domain/search";
import { searchCases } from "~/domain/search.server";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

function searcher(db: Db, userId: string) {
  const user = db.select().from(users).where(eq(users.id, userId)).get()!;
  return { actor: loadActor(db, user), audit: { userId, organisationId: user.organisationId, ipAddress: "127.0.0.1" } };
}
const search = (db: Db, userId: string, terms: Record<string, string>) => {
  const { actor, audit } = searcher(db, userId);
  return searchCases(db, actor, audit, searchSchema.parse(terms));
};

describe("searching for a case", () => {
  const db = createDemoWorldDb();
  const { referralId, offer } = makeReferral(db, {
    centreId: "cc-northfirth",
    givenName: "Éilidh",
    familyName: "MacSearch",
    dateOfBirth: "1979-12-01",
  });
  const onwardId = makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "requested" });

  it("finds by any term, accents and case aside, and each role is sent to its own page", () => {
    for (const terms of [
      { name: "eilidh macsearch" },
      { name: "macs", dobDay: "1", dobMonth: "12", dobYear: "1979" },
      { custodyReference: offer.custodyReference.toLowerCase() },
      { pathwayReference: referralId },
      { pathwayReference: `'${onwardId}` },
    ] as Record<string, string>[]) {
      expect(search(db, "user-worker", terms).map((h) => h.link)).toEqual([`/worker/referrals/${referralId}`]);
    }
    expect(search(db, "user-custody", { name: "MacSearch" }).map((h) => h.link)).toEqual([
      `/custody/referrals/${referralId}`,
    ]);
    const forService = search(db, "user-service", { name: "MacSearch" });
    expect(forService.map((h) => h.link)).toEqual([`/service/referrals/${onwardId}`]);
    expect(forService[0].custodyReference).toBeNull();
  });

  it("finds nothing outside the searcher's reach", () => {
    expect(search(db, "user-worker-west", { name: "MacSearch" })).toEqual([]);
    expect(search(db, "user-housing", { name: "MacSearch" })).toEqual([]);
    expect(search(db, "user-worker", { name: "MacSearch", dobDay: "2", dobMonth: "12", dobYear: "1979" })).toEqual([]);
  });

  it("keeps no search terms in the audit log", () => {
    search(db, "user-worker", { name: "MacSearch" });
    const rows = db.select().from(auditEvents).where(eq(auditEvents.action, "person.search")).all();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/macsearch/i);
  });

  it("asks for a term, a name of two letters or more and a real date", () => {
    expect(searchSchema.safeParse({}).success).toBe(false);
    expect(searchSchema.safeParse({ name: "M" }).success).toBe(false);
    expect(searchSchema.safeParse({ dobDay: "31", dobMonth: "2", dobYear: "1979" }).success).toBe(false);
  });
});
