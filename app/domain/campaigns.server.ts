// Outreach campaigns: the part the self-referral page needs — a number asking for no more
// messages. (A minimal version; the campaign module of issue 21 items 1–4 owns the rest and
// its do-not-contact list, and replaces this with its own.)
import { createHmac, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { campaignOptOuts, campaigns, settings } from "#db/schema";

const NUMBER_KEY = "campaign_number_hash_key";

/** The key numbers are hashed with, made once per database. */
function numberKey(db: Queryable): string {
  const stored = () =>
    db.select({ value: settings.value }).from(settings).where(eq(settings.key, NUMBER_KEY)).get()?.value;
  const existing = stored();
  if (typeof existing === "string") return existing;
  db.insert(settings)
    .values({ key: NUMBER_KEY, value: randomBytes(32).toString("hex") })
    .onConflictDoNothing()
    .run();
  return String(stored());
}

/** A number (E.164) as it is kept for opt-outs: a keyed hash, never the number. */
export function numberHash(db: Queryable, e164: string): string {
  return createHmac("sha256", numberKey(db)).update(e164).digest("hex");
}

/**
 * No more messages to this number from any campaign. Answers the same whether or not the
 * number was one of the campaign's, so the form tells nobody which numbers were messaged.
 */
export function optOutNumber(db: Queryable, campaignCode: string, e164: string): void {
  const campaign = db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(sql`upper(${campaigns.code})`, campaignCode.toUpperCase()))
    .get();
  db.insert(campaignOptOuts)
    .values({
      numberHash: numberHash(db, e164),
      campaignId: campaign?.id ?? null,
      optedOutAt: new Date().toISOString(),
    })
    .onConflictDoNothing()
    .run();
}

/** Whether a number has opted out of campaign messages. */
export function hasOptedOut(db: Queryable, e164: string): boolean {
  return (
    db
      .select({ hash: campaignOptOuts.numberHash })
      .from(campaignOptOuts)
      .where(eq(campaignOptOuts.numberHash, numberHash(db, e164)))
      .limit(1)
      .get() !== undefined
  );
}
