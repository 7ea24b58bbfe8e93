import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "#db/schema";
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from "~/domain/api-keys.server";
import { createDemoWorldDb } from "../support/test-db";

const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };

describe("API keys", () => {
  it("are shown once and stored only as a SHA-256 with a prefix", () => {
    const db = createDemoWorldDb();
    const { key, prefix } = createApiKey(db, admin, { organisationId: "org-nads", name: "Case system" });
    expect(key).toMatch(/^pwk_[A-Za-z0-9_-]{40}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const row = db.select().from(apiKeys).get()!;
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(db.select().from(apiKeys).all())).not.toContain(key);
    expect(JSON.stringify(db.select().from(auditEvents).all())).not.toContain(key);
    expect(listApiKeys(db)).toMatchObject([
      { prefix, organisationName: "Northfirth Alcohol and Drug Service", lastUsedAt: null, revokedAt: null },
    ]);
  });

  it("authenticate as their organisation, with its services, and record when they were used", () => {
    const db = createDemoWorldDb();
    const { key } = createApiKey(db, admin, { organisationId: "org-nads", name: "Case system" });
    const client = authenticateApiKey(db, `Bearer ${key}`)!;
    expect(client.organisationId).toBe("org-nads");
    expect([...client.serviceIds].sort()).toEqual(["svc-kelmoor-recovery", "svc-nads-treatment"]);
    expect(db.select().from(apiKeys).get()!.lastUsedAt).not.toBeNull();
    expect(authenticateApiKey(db, null)).toBeNull();
    expect(authenticateApiKey(db, `Bearer ${key}x`)).toBeNull();
    expect(authenticateApiKey(db, key)).toBeNull();
  });

  it("stop working at once when revoked", () => {
    const db = createDemoWorldDb();
    const { key, id } = createApiKey(db, admin, { organisationId: "org-nads", name: "Case system" });
    revokeApiKey(db, admin, id);
    expect(authenticateApiKey(db, `Bearer ${key}`)).toBeNull();
    expect(() => revokeApiKey(db, admin, id)).toThrow(/already revoked/);
  });

  it("are issued only to service providers", () => {
    const db = createDemoWorldDb();
    expect(() => createApiKey(db, admin, { organisationId: "org-police", name: "x" })).toThrow(/service provider/);
  });
});
