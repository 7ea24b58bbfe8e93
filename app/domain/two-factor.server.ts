// Two-factor sign-in from the database's side: who must use it, enrolling an authenticator
// app, and spending a code (each app code and each recovery code works once).
//
// users.totp_secret holds the secret (waiting for its first code until totp_enabled_at is set);
// users.totp_last_used_step the last time step spent. Spending a step only succeeds while the
// stored step is older, so two requests racing with the same code cannot both win.
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { users, type User } from "#db/schema";
import { recordAudit, type AuditContext } from "./audit.server";
import { getSetting } from "./settings.server";
import { hashRecoveryCode, isAppCode, matchTotp, newRecoveryCodes, newTotpSecret } from "./two-factor";

/** Only while the stored last step is older than `step`: the compare-and-swap of a spent code. */
const stepStillUnused = (step: number) => or(isNull(users.totpLastUsedStep), lt(users.totpLastUsedStep, step));

export function isTwoFactorEnrolled(user: Pick<User, "totpSecret" | "totpEnabledAt">): boolean {
  return user.totpEnabledAt !== null && user.totpSecret !== null;
}

/** Administrators always; everyone when the operator's setting says so. */
export function isTwoFactorRequired(db: Queryable, user: Pick<User, "role">): boolean {
  return user.role === "administrator" || getSetting(db, "require_two_factor_for_everyone");
}

/**
 * The secret to show while enrolling: the one already waiting for its first code, so that a
 * reload does not change what the person has scanned, or a new one.
 */
export function pendingTotpSecret(db: Queryable, userId: string): string {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error("No such user");
  if (isTwoFactorEnrolled(user)) throw new Error("Two-factor sign-in is already set up");
  if (user.totpSecret) return user.totpSecret;
  const secret = newTotpSecret();
  db.update(users).set({ totpSecret: secret, totpLastUsedStep: null }).where(eq(users.id, userId)).run();
  return secret;
}

/**
 * Turns two-factor sign-in on once the first code from the app is right. Returns the recovery
 * codes, to be shown once; only their hashes are kept.
 */
export function confirmTotpEnrolment(
  tx: Queryable,
  client: AuditContext,
  userId: string,
  code: string,
  now = new Date(),
): { ok: true; recoveryCodes: string[] } | { ok: false } {
  const user = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!user || isTwoFactorEnrolled(user)) return { ok: false };
  const secret = user.totpSecret;
  if (!secret) return { ok: false };
  const step = matchTotp(secret, code, now, null);
  if (step === null) return { ok: false };
  const recoveryCodes = newRecoveryCodes();
  const changed = tx
    .update(users)
    .set({
      totpLastUsedStep: step,
      totpEnabledAt: now.toISOString(),
      recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
      updatedAt: now.toISOString(),
    })
    .where(and(eq(users.id, userId), eq(users.totpSecret, secret), isNull(users.totpEnabledAt), stepStillUnused(step)))
    .run();
  if (changed.changes !== 1) return { ok: false };
  recordAudit(
    tx,
    { ...client, userId, organisationId: user.organisationId },
    { action: "two-factor.enrolled", recordType: "user", recordId: userId },
  );
  return { ok: true, recoveryCodes };
}

export type SpentCode = { ok: true; method: "app" | "recovery-code"; recoveryCodesLeft: number } | { ok: false };

/** Spends an app code or a recovery code of an enrolled user; a code already used is refused. */
export function spendSecondFactorCode(tx: Queryable, userId: string, code: string, now = new Date()): SpentCode {
  const user = tx.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !isTwoFactorEnrolled(user)) return { ok: false };
  const secret = user.totpSecret!;
  const hashes = user.recoveryCodeHashes ?? [];

  if (isAppCode(code)) {
    const step = matchTotp(secret, code, now, user.totpLastUsedStep);
    if (step === null) return { ok: false };
    const changed = tx
      .update(users)
      .set({ totpLastUsedStep: step })
      .where(and(eq(users.id, userId), eq(users.totpSecret, secret), stepStillUnused(step)))
      .run();
    return changed.changes === 1 ? { ok: true, method: "app", recoveryCodesLeft: hashes.length } : { ok: false };
  }

  const hash = hashRecoveryCode(code);
  if (!hashes.includes(hash)) return { ok: false };
  const remaining = hashes.filter((h) => h !== hash);
  // Compare-and-swap on the stored list as it was read: a code cannot be spent twice at once.
  const storedList = tx
    .select({ text: sql<string>`${users.recoveryCodeHashes}` })
    .from(users)
    .where(eq(users.id, userId))
    .get()!.text;
  const changed = tx
    .update(users)
    .set({ recoveryCodeHashes: remaining })
    .where(and(eq(users.id, userId), sql`${users.recoveryCodeHashes} = ${storedList}`))
    .run();
  return changed.changes === 1
    ? { ok: true, method: "recovery-code", recoveryCodesLeft: remaining.length }
    : { ok: false };
}

/** New recovery codes for an enrolled user; the old ones stop working. */
export function replaceRecoveryCodes(
  tx: Queryable,
  client: AuditContext & { userId: string },
  now = new Date(),
): string[] {
  const codes = newRecoveryCodes();
  tx.update(users)
    .set({ recoveryCodeHashes: codes.map(hashRecoveryCode), updatedAt: now.toISOString() })
    .where(eq(users.id, client.userId))
    .run();
  recordAudit(tx, client, {
    action: "two-factor.recovery-codes-replaced",
    recordType: "user",
    recordId: client.userId,
  });
  return codes;
}

/**
 * Turns two-factor sign-in off for a user — by an administrator when someone has lost their
 * phone and their recovery codes. They set it up again at their next sign-in where required.
 */
export function resetTwoFactor(tx: Queryable, audit: AuditContext, userId: string, now = new Date()) {
  tx.update(users)
    .set({
      totpSecret: null,
      totpLastUsedStep: null,
      totpEnabledAt: null,
      recoveryCodeHashes: null,
      updatedAt: now.toISOString(),
    })
    .where(eq(users.id, userId))
    .run();
  recordAudit(tx, audit, { action: "two-factor.reset", recordType: "user", recordId: userId });
}
