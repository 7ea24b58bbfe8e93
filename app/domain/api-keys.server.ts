// API keys that an administrator issues to a service-provider organisation for its own
// system. The key is shown once; only its SHA-256 is kept, with a short prefix to tell keys apart.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { apiKeys, organisations, services, users } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";

const KEY_PREFIX = "pwk_";

export const hashApiKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

/** Issues a key; the returned `key` is the only time anyone sees it. */
export function createApiKey(db: Db, audit: ActorAudit, input: { organisationId: string; name: string }) {
  const organisation = db.select().from(organisations).where(eq(organisations.id, input.organisationId)).get();
  if (!organisation || organisation.kind !== "service_provider") {
    throw new DomainError("Choose a service provider: only services report outcomes through the API.", {
      field: "organisationId",
      status: 400,
    });
  }
  if (!organisation.isActive)
    throw new DomainError("That organisation is deactivated.", { field: "organisationId", status: 400 });
  const key = `${KEY_PREFIX}${randomBytes(30).toString("base64url")}`;
  const id = newId();
  const prefix = key.slice(0, KEY_PREFIX.length + 8);
  db.transaction((tx) => {
    tx.insert(apiKeys)
      .values({
        id,
        organisationId: organisation.id,
        name: input.name,
        prefix,
        keyHash: hashApiKey(key),
        createdByUserId: audit.userId,
      })
      .run();
    recordAudit(tx, audit, {
      action: "api-key.create",
      recordType: "api_key",
      recordId: id,
      detail: { organisationId: organisation.id, prefix },
    });
  });
  return { id, key, prefix, organisationName: organisation.name };
}

export function revokeApiKey(db: Db, audit: ActorAudit, id: string, now = new Date()) {
  db.transaction((tx) => {
    const updated = tx
      .update(apiKeys)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .run();
    if (!updated.changes) throw new DomainError("That key is already revoked or does not exist.", { status: 409 });
    recordAudit(tx, audit, { action: "api-key.revoke", recordType: "api_key", recordId: id });
  });
}

export function listApiKeys(db: Queryable) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      organisationName: organisations.name,
      createdAt: apiKeys.createdAt,
      createdByName: users.name,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(organisations, eq(organisations.id, apiKeys.organisationId))
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .orderBy(desc(apiKeys.createdAt))
    .all();
}

export function listServiceProviders(db: Queryable) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, "service_provider"), eq(organisations.isActive, true)))
    .orderBy(organisations.name)
    .all();
}

export type ApiClient = {
  keyId: string;
  organisationId: string;
  organisationName: string;
  /** The services the organisation runs: all a key may ever see. */
  serviceIds: ReadonlySet<string>;
};

/** The organisation behind `Authorization: Bearer <key>`, or null for a missing, unknown or revoked key. */
export function authenticateApiKey(db: Db, authorization: string | null, now = new Date()): ApiClient | null {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match || !match[1].startsWith(KEY_PREFIX)) return null;
  const row = db
    .select({
      id: apiKeys.id,
      organisationId: apiKeys.organisationId,
      lastUsedAt: apiKeys.lastUsedAt,
      organisationName: organisations.name,
      kind: organisations.kind,
    })
    .from(apiKeys)
    .innerJoin(organisations, eq(organisations.id, apiKeys.organisationId))
    .where(and(eq(apiKeys.keyHash, hashApiKey(match[1])), isNull(apiKeys.revokedAt), eq(organisations.isActive, true)))
    .get();
  if (!row || row.kind !== "service_provider") return null;
  // Once a minute is enough to show that a key is in use, without a write on every request.
  if (!row.lastUsedAt || now.getTime() - new Date(row.lastUsedAt).getTime() > 60_000) {
    db.update(apiKeys).set({ lastUsedAt: now.toISOString() }).where(eq(apiKeys.id, row.id)).run();
  }
  const serviceIds = db
    .select({ id: services.id })
    .from(services)
    .where(eq(services.organisationId, row.organisationId))
    .all()
    .map((s) => s.id);
  return {
    keyId: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    serviceIds: new Set(serviceIds),
  };
}
