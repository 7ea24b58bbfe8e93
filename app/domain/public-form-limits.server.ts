// Rate limits of the public forms (the self-referral page and its "stop messages" form), without
// tracking anyone: a submission counts against its client address — kept only as a keyed hash,
// for one hour — and against its campaign code. A submission over either limit is refused before
// anything is written, and nothing of it is kept (decision 032).
import { createHmac, randomBytes } from "node:crypto";
import { and, count, eq, gt, lte } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { publicFormAttempts, settings } from "#db/schema";

export const PUBLIC_FORM_LIMITS = {
  windowMs: 60 * 60_000,
  /** Submissions from one address in the window: a household or a hostel may share one. */
  perAddress: 10,
  /** Submissions with one campaign code in the window (a campaign's replies come over days). */
  perCode: 200,
  /** Submissions without a code (/help), all addresses together, in the window. */
  withoutCode: 300,
} as const;

const SALT_KEY = "public_form_address_key";

/** The key the address hash is made with, created once per database (never shown anywhere). */
function addressKey(db: Queryable): string {
  const stored = () =>
    db.select({ value: settings.value }).from(settings).where(eq(settings.key, SALT_KEY)).get()?.value;
  const existing = stored();
  if (typeof existing === "string") return existing;
  db.insert(settings)
    .values({ key: SALT_KEY, value: randomBytes(32).toString("hex") })
    .onConflictDoNothing()
    .run();
  return String(stored());
}

function bucketsFor(db: Queryable, address: string | null, code: string | null) {
  const buckets: { bucket: string; limit: number }[] = [];
  if (address)
    buckets.push({
      bucket: `address:${createHmac("sha256", addressKey(db)).update(address).digest("hex").slice(0, 32)}`,
      limit: PUBLIC_FORM_LIMITS.perAddress,
    });
  buckets.push(
    code
      ? { bucket: `code:${code}`, limit: PUBLIC_FORM_LIMITS.perCode }
      : { bucket: "code:none", limit: PUBLIC_FORM_LIMITS.withoutCode },
  );
  return buckets;
}

export type PublicFormCheck = { allowed: true; buckets: string[] } | { allowed: false; retryAfterSeconds: number };

/** May this submission go ahead? Reads only; `recordPublicFormSubmission` counts it once it is accepted. */
export function checkPublicFormLimit(
  db: Queryable,
  { address, code, now = Date.now() }: { address: string | null; code: string | null; now?: number },
): PublicFormCheck {
  const since = now - PUBLIC_FORM_LIMITS.windowMs;
  const buckets = bucketsFor(db, address, code);
  for (const { bucket, limit } of buckets) {
    const used =
      db
        .select({ n: count() })
        .from(publicFormAttempts)
        .where(and(eq(publicFormAttempts.bucket, bucket), gt(publicFormAttempts.at, since)))
        .get()?.n ?? 0;
    if (used >= limit) return { allowed: false, retryAfterSeconds: PUBLIC_FORM_LIMITS.windowMs / 1000 };
  }
  return { allowed: true, buckets: buckets.map((b) => b.bucket) };
}

/** Counts an accepted submission (in the caller's transaction) and forgets those older than the window. */
export function recordPublicFormSubmission(db: Queryable, buckets: string[], now = Date.now()) {
  db.delete(publicFormAttempts)
    .where(lte(publicFormAttempts.at, now - PUBLIC_FORM_LIMITS.windowMs))
    .run();
  for (const bucket of buckets) db.insert(publicFormAttempts).values({ bucket, at: now }).run();
}
