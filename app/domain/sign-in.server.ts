// Checking an email and password, then the second factor where one is needed. Every failure
// looks the same from outside: one message, about the same time, whether the email is
// unknown, the password wrong or the account locked. Wrong codes count towards the lockout
// like wrong passwords, and the count is only cleared once the whole sign-in succeeds.
import { eq } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { users, type User } from "#db/schema";
import { recordAudit, type AuditContext } from "./audit.server";
import { verifyAgainstDummy, verifyPassword } from "./passwords.server";
import { endAllSessionsOfUser } from "./sessions.server";
import { getSetting } from "./settings.server";
import {
  confirmTotpEnrolment,
  isTwoFactorEnrolled,
  isTwoFactorRequired,
  spendSecondFactorCode,
} from "./two-factor.server";

export const MAX_FAILED_SIGN_INS = 5;
export const FAILED_SIGN_IN_WINDOW_MINUTES = 15;

/** What comes after a right password: a session, a code from the app, or setting the app up. */
export type NextSignInStep = "session" | "two-factor" | "two-factor-setup";

export type SignInResult = { ok: true; user: User; next: NextSignInStep } | { ok: false };

const isLocked = (user: User, now: Date) => user.lockedUntil !== null && user.lockedUntil > now.toISOString();

/**
 * How long a failure holds the account: nothing for the first four, then 1 minute at the
 * fifth, doubling with each further one up to `lockout_minutes`. A growing delay, not a fixed
 * lock: a few mistakes cost a minute, and guessing stays slow (docs/decisions/009).
 */
export function signInDelayMinutes(failures: number, longestMinutes: number): number {
  if (failures < MAX_FAILED_SIGN_INS) return 0;
  return Math.min(longestMinutes, 2 ** Math.min(failures - MAX_FAILED_SIGN_INS, 20));
}

/** Counts a failed attempt (password or code) and holds the account from the fifth in a row; true when it held it. */
function countFailure(tx: Queryable, user: User, audit: AuditContext, now: Date): boolean {
  const window = FAILED_SIGN_IN_WINDOW_MINUTES * 60_000;
  const windowStart = user.firstFailedSignInAt ? new Date(user.firstFailedSignInAt).getTime() : 0;
  // The count runs while failures keep coming: within the window, or soon after a hold ended.
  const heldRecently = user.lockedUntil !== null && now.getTime() - new Date(user.lockedUntil).getTime() < window;
  const isInWindow = now.getTime() - windowStart < window || heldRecently;
  const failures = (isInWindow ? user.failedSignInCount : 0) + 1;
  const minutes = signInDelayMinutes(failures, getSetting(tx, "lockout_minutes"));
  tx.update(users)
    .set({
      failedSignInCount: failures,
      firstFailedSignInAt: isInWindow && user.firstFailedSignInAt ? user.firstFailedSignInAt : now.toISOString(),
      lockedUntil: minutes
        ? new Date(now.getTime() + minutes * 60_000).toISOString()
        : isInWindow
          ? user.lockedUntil
          : null,
    })
    .where(eq(users.id, user.id))
    .run();
  if (minutes)
    recordAudit(tx, audit, {
      action: "user.locked",
      recordType: "user",
      recordId: user.id,
      detail: { minutes, failures },
    });
  return minutes > 0;
}

function nextStep(db: Queryable, user: User): NextSignInStep {
  if (isTwoFactorEnrolled(user)) return "two-factor";
  return isTwoFactorRequired(db, user) ? "two-factor-setup" : "session";
}

/** The whole sign-in succeeded: clear the failure count and audit it. */
function completeSignIn(tx: Queryable, user: User, audit: AuditContext, now: Date, detail?: Record<string, unknown>) {
  tx.update(users)
    .set({ lastSignInAt: now.toISOString(), failedSignInCount: 0, firstFailedSignInAt: null, lockedUntil: null })
    .where(eq(users.id, user.id))
    .run();
  recordAudit(tx, audit, { action: "sign-in", recordType: "user", recordId: user.id, detail });
}

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

  const locked = isLocked(user, now);
  const isPasswordRight = await verifyPassword(user.passwordHash, password);
  const audit = { ...client, userId: user.id, organisationId: user.organisationId };

  if (!isPasswordRight || locked || !user.isActive) {
    const reason = locked ? "locked" : !user.isActive ? "deactivated" : "wrong password";
    db.transaction((tx) => {
      if (!isPasswordRight && !locked) countFailure(tx, user, audit, now);
      recordAudit(tx, audit, { action: "sign-in.failed", recordType: "user", recordId: user.id, detail: { reason } });
    });
    return { ok: false };
  }

  const next = nextStep(db, user);
  db.transaction((tx) => {
    if (next === "session") completeSignIn(tx, user, audit, now);
    else
      recordAudit(tx, audit, {
        action: "sign-in.password-accepted",
        recordType: "user",
        recordId: user.id,
        detail: { next },
      });
  });
  return { ok: true, user, next };
}

export type SecondFactorResult =
  { ok: true; user: User; method: "app" | "recovery-code"; recoveryCodesLeft: number } | { ok: false };

/**
 * The second step for a user whose password was right a moment ago: a code from their app
 * or one of their recovery codes. A locked or deactivated account is refused like a wrong code.
 */
export function checkSecondFactor(
  db: Db,
  userId: string,
  code: string,
  client: AuditContext,
  now = new Date(),
): SecondFactorResult {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return { ok: false } as const;
    const audit = { ...client, userId: user.id, organisationId: user.organisationId };
    const locked = isLocked(user, now);
    const spent = locked || !user.isActive ? ({ ok: false } as const) : spendSecondFactorCode(tx, user.id, code, now);
    if (!spent.ok) {
      if (!locked && user.isActive) countFailure(tx, user, audit, now);
      const reason = locked ? "locked" : !user.isActive ? "deactivated" : "wrong code";
      recordAudit(tx, audit, {
        action: "sign-in.failed",
        recordType: "user",
        recordId: user.id,
        detail: { reason, step: "two-factor" },
      });
      return { ok: false } as const;
    }
    completeSignIn(tx, user, audit, now, { secondFactor: spent.method });
    return { ok: true, user, method: spent.method, recoveryCodesLeft: spent.recoveryCodesLeft } as const;
  });
}

export type EnrolmentResult = { ok: true; user: User; recoveryCodes: string[] } | { ok: false };

/** Setting up the app during sign-in: its first code both enrols it and completes the sign-in. */
export function checkEnrolmentCode(
  db: Db,
  userId: string,
  code: string,
  client: AuditContext,
  now = new Date(),
): EnrolmentResult {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return { ok: false } as const;
    const audit = { ...client, userId: user.id, organisationId: user.organisationId };
    const locked = isLocked(user, now);
    const enrolled =
      locked || !user.isActive ? ({ ok: false } as const) : confirmTotpEnrolment(tx, audit, user.id, code, now);
    if (!enrolled.ok) {
      if (!locked && user.isActive) countFailure(tx, user, audit, now);
      recordAudit(tx, audit, {
        action: "sign-in.failed",
        recordType: "user",
        recordId: user.id,
        detail: { reason: "wrong code", step: "two-factor-setup" },
      });
      return { ok: false } as const;
    }
    completeSignIn(tx, user, audit, now, { secondFactor: "app", enrolled: true });
    return { ok: true, user, recoveryCodes: enrolled.recoveryCodes } as const;
  });
}

/** Whether a pending sign-in may still go on: the account is there, active and not locked. */
export function canContinueSignIn(db: Queryable, userId: string, now = new Date()): User | null {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !user.isActive || isLocked(user, now)) return null;
  return user;
}

/**
 * A signed-in person proving it is still them with a code (to change their two-factor
 * settings). Wrong codes count towards the lockout like at sign-in; a lockout ends their
 * sessions, so a stolen session cannot be used to guess codes.
 */
export function checkCodeOfSignedInUser(
  db: Db,
  userId: string,
  code: string,
  client: AuditContext,
  now = new Date(),
): boolean {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return false;
    const audit = { ...client, userId: user.id, organisationId: user.organisationId };
    if (spendSecondFactorCode(tx, user.id, code, now).ok) return true;
    recordAudit(tx, audit, { action: "two-factor.code-refused", recordType: "user", recordId: user.id });
    if (countFailure(tx, user, audit, now)) endAllSessionsOfUser(db, user.id);
    return false;
  });
}

/** Setting up the app from the account page, for someone already signed in. */
export function enrolSignedInUser(
  db: Db,
  userId: string,
  code: string,
  client: AuditContext,
  now = new Date(),
): { ok: true; recoveryCodes: string[] } | { ok: false } {
  return db.transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) return { ok: false } as const;
    const audit = { ...client, userId: user.id, organisationId: user.organisationId };
    const enrolled = confirmTotpEnrolment(tx, audit, user.id, code, now);
    if (!enrolled.ok && countFailure(tx, user, audit, now)) endAllSessionsOfUser(db, user.id);
    return enrolled;
  });
}
