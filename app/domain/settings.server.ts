// Operator settings (thresholds, retention, security), with their defaults in one place, and
// the versions of the consent wording read to people in custody.
import { asc, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Queryable } from "#db/connection";
import { consents, consentWordings, organisations, settings, type ConsentScope } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { DomainError } from "./errors";

const settingSchemas = {
  acknowledgement_working_days: z.number().int().min(1).max(30).default(2),
  feedback_overdue_days: z.number().int().min(1).max(365).default(28),
  referral_cancel_window_minutes: z.number().int().min(1).max(1440).default(30),
  retention_years: z.number().int().min(1).max(20).default(6),
  lockout_minutes: z.number().int().min(1).max(1440).default(30),
  inactive_account_days: z.number().int().min(7).max(3650).default(90),
  require_two_factor_for_everyone: z.boolean().default(false),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingSchemas)[K]>;
export type Settings = { [K in SettingKey]: SettingValue<K> };

export function getSetting<K extends SettingKey>(db: Queryable, key: K): SettingValue<K> {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  const parsed = settingSchemas[key].safeParse(row?.value ?? undefined);
  return (parsed.success ? parsed.data : settingSchemas[key].parse(undefined)) as SettingValue<K>;
}

export function getAllSettings(db: Queryable): Settings {
  return Object.fromEntries(
    (Object.keys(settingSchemas) as SettingKey[]).map((key) => [key, getSetting(db, key)]),
  ) as Settings;
}

/** The bounds each setting accepts, for forms and messages. */
export const settingBounds = Object.fromEntries(
  Object.entries(settingSchemas).flatMap(([key, schema]) => {
    const inner = (schema as z.ZodDefault<z.ZodTypeAny>)._def.innerType;
    if (!(inner instanceof z.ZodNumber)) return [];
    return [[key, { min: inner.minValue ?? 0, max: inner.maxValue ?? Number.MAX_SAFE_INTEGER }]];
  }),
) as Record<Exclude<SettingKey, "require_two_factor_for_everyone">, { min: number; max: number }>;

export type ProviderThresholds = { organisationId: string; queueOverdueMinutes: number; followUpAttemptLimit: number };

export function listProviderThresholds(db: Queryable) {
  return db
    .select({
      organisationId: organisations.id,
      name: organisations.name,
      isActive: organisations.isActive,
      queueOverdueMinutes: organisations.queueOverdueMinutes,
      followUpAttemptLimit: organisations.followUpAttemptLimit,
    })
    .from(organisations)
    .where(eq(organisations.kind, "referral_provider"))
    .orderBy(asc(organisations.name))
    .all();
}

/** Saves the settings and each provider's thresholds together; audits what changed. */
export function updateSettings(
  db: Db,
  audit: ActorAudit,
  next: Partial<Settings>,
  providers: ProviderThresholds[] = [],
  now = new Date(),
) {
  db.transaction((tx) => {
    const current = getAllSettings(tx);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as SettingKey[]) {
      const parsed = settingSchemas[key].safeParse(next[key]);
      if (!parsed.success)
        throw new DomainError(`This value is outside what Pathway accepts`, { field: key, status: 400 });
      if (parsed.data === current[key]) continue;
      changed[key] = { from: current[key], to: parsed.data };
      tx.insert(settings)
        .values({ key, value: parsed.data, updatedAt: now.toISOString(), updatedByUserId: audit.userId })
        .onConflictDoUpdate({
          target: settings.key,
          set: { value: parsed.data, updatedAt: now.toISOString(), updatedByUserId: audit.userId },
        })
        .run();
    }
    const known = new Map(listProviderThresholds(tx).map((p) => [p.organisationId, p]));
    for (const provider of providers) {
      const before = known.get(provider.organisationId);
      if (!before) throw new DomainError("One of the providers is no longer there: reload the page", { status: 400 });
      if (
        before.queueOverdueMinutes === provider.queueOverdueMinutes &&
        before.followUpAttemptLimit === provider.followUpAttemptLimit
      )
        continue;
      tx.update(organisations)
        .set({
          queueOverdueMinutes: provider.queueOverdueMinutes,
          followUpAttemptLimit: provider.followUpAttemptLimit,
          updatedAt: now.toISOString(),
        })
        .where(eq(organisations.id, provider.organisationId))
        .run();
      changed[`${before.name}: thresholds`] = {
        from: { queueOverdueMinutes: before.queueOverdueMinutes, followUpAttemptLimit: before.followUpAttemptLimit },
        to: { queueOverdueMinutes: provider.queueOverdueMinutes, followUpAttemptLimit: provider.followUpAttemptLimit },
      };
    }
    if (Object.keys(changed).length)
      recordAudit(tx, audit, { action: "settings.update", recordType: "settings", detail: changed });
  });
}

// ---------------------------------------------------------------- consent wording

/** Every version of every wording, newest first, with how many consents were recorded under each. */
export function listConsentWordings(db: Queryable) {
  return db
    .select({
      id: consentWordings.id,
      scope: consentWordings.scope,
      version: consentWordings.version,
      text: consentWordings.text,
      createdAt: consentWordings.createdAt,
      consentCount: count(consents.id),
    })
    .from(consentWordings)
    .leftJoin(consents, eq(consents.wordingId, consentWordings.id))
    .groupBy(consentWordings.id)
    .orderBy(asc(consentWordings.scope), desc(consentWordings.version))
    .all();
}

/**
 * A new wording is a new version: consents already recorded keep pointing at the words that
 * were read to the person, so nothing past changes.
 */
export function addConsentWording(
  db: Db,
  audit: ActorAudit,
  scope: ConsentScope,
  text: string,
): { id: string; version: number } {
  return db.transaction((tx) => {
    const latest = tx
      .select()
      .from(consentWordings)
      .where(eq(consentWordings.scope, scope))
      .orderBy(desc(consentWordings.version))
      .limit(1)
      .get();
    if (latest && latest.text.trim() === text.trim()) {
      throw new DomainError("This is the same as the current wording: change the words to make a new version", {
        field: `text-${scope}`,
        status: 400,
      });
    }
    const version = (latest?.version ?? 0) + 1;
    const id = newId();
    tx.insert(consentWordings).values({ id, scope, version, text: text.trim() }).run();
    recordAudit(tx, audit, {
      action: "consent-wording.create",
      recordType: "consent_wording",
      recordId: id,
      detail: { scope, version },
    });
    return { id, version };
  });
}
