// Checking an email and password. Every failure looks the same from outside: one message,
// about the same time, whether the email is unknown, the password wrong or the account locked.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { users, type User } from "#db/schema";
import { recordAudit, type AuditContext } from "./audit.server";
import { verifyAgainstDummy, verifyPassword } from "./passwords.server";
import { getSetting } from "./settings.server";

export const MAX_FAILED_SIGN_INS = 5;
export const FAILED_SIGN_IN_WINDOW_MINUTES = 15;

export type SignInResult = { ok: true; user: User } | { ok: false };

export async function checkSignIn(
  db: Db,
  email: string,
  password: string,
  client: AuditContext,
  now = new Date(),
): Promise<SignInResult> {
  const normalisedEmail = email.trim().toLowerCase();
  const user = db.select().from(users).where(eq(users.email, normalisedEmail)).get();

  if (!user || !user.passwordHash) {
    await verifyAgainstDummy(password);
    recordAudit(db, client, { action: "sign-in.failed", detail: { reason: "unknown email" } });
    return { ok: false };
  }

  const isLocked = user.lockedUntil !== null && user.lockedUntil > now.toISOString();
  const isPasswordRight = await verifyPassword(user.passwordHash, password);
  const audit = { ...client, userId: user.id, organisationId: user.organisationId };

  if (!isPasswordRight || isLocked || !user.isActive) {
    const reason = isLocked ? "locked" : !user.isActive ? "deactivated" : "wrong password";
    db.transaction((tx) => {
      if (!isPasswordRight && !isLocked) {
        const windowStart = user.firstFailedSignInAt ? new Date(user.firstFailedSignInAt).getTime() : 0;
        const isInWindow = now.getTime() - windowStart < FAILED_SIGN_IN_WINDOW_MINUTES * 60_000;
        const failures = (isInWindow ? user.failedSignInCount : 0) + 1;
        const lockoutMinutes = getSetting(tx, "lockout_minutes");
        const shouldLock = failures >= MAX_FAILED_SIGN_INS;
        tx.update(users)
          .set({
            failedSignInCount: shouldLock ? 0 : failures,
            firstFailedSignInAt: shouldLock ? null : isInWindow ? user.firstFailedSignInAt : now.toISOString(),
            lockedUntil: shouldLock ? new Date(now.getTime() + lockoutMinutes * 60_000).toISOString() : user.lockedUntil,
          })
          .where(eq(users.id, user.id))
          .run();
        if (shouldLock) recordAudit(tx, audit, { action: "user.locked", recordType: "user", recordId: user.id });
      }
      recordAudit(tx, audit, { action: "sign-in.failed", recordType: "user", recordId: user.id, detail: { reason } });
    });
    return { ok: false };
  }

  db.transaction((tx) => {
    tx.update(users)
      .set({ lastSignInAt: now.toISOString(), failedSignInCount: 0, firstFailedSignInAt: null, lockedUntil: null })
      .where(eq(users.id, user.id))
      .run();
    recordAudit(tx, audit, { action: "sign-in", recordType: "user", recordId: user.id });
  });
  return { ok: true, user };
}
