// Operator settings (thresholds, retention, security), with their defaults in one place.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "#db/connection";
import { settings } from "#db/schema";

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

export function getSetting<K extends SettingKey>(db: Queryable, key: K): SettingValue<K> {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  const parsed = settingSchemas[key].safeParse(row?.value ?? undefined);
  return (parsed.success ? parsed.data : settingSchemas[key].parse(undefined)) as SettingValue<K>;
}
