// Sign-in sessions, stored in the database so that signing out or disabling a user ends them
// on the server. The cookie holds a random token; the database holds only its SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { preparedPerConnection, type Db } from "#db/connection";
import { sessions, users, type User } from "#db/schema";

export const IDLE_TIMEOUT_MINUTES = 30;
export const ABSOLUTE_LIFETIME_HOURS = 12;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function startSession(
  db: Db,
  userId: string,
  client: { ipAddress?: string | null; userAgent?: string | null },
  now = new Date(),
): string {
  const token = randomBytes(32).toString("base64url");
  db.insert(sessions)
    .values({
      id: hashToken(token),
      userId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ABSOLUTE_LIFETIME_HOURS * 3600_000).toISOString(),
      ipAddress: client.ipAddress ?? null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return token;
}

export type ActiveSession = { sessionId: string; user: User; expiresAt: string; lastSeenAt: string };

const sessionWithUser = preparedPerConnection((db: Db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare(),
);

/**
 * The signed-in user for a token, or null when the session is unknown, idle, expired or the
 * user is disabled. Finding it counts as activity unless `touch` is false (a page asking how
 * long is left must not itself keep the session alive).
 */
export function findActiveSession(
  db: Db,
  token: string,
  now = new Date(),
  { touch = true } = {},
): ActiveSession | null {
  const sessionId = hashToken(token);
  const row = sessionWithUser(db).get({ sessionId });
  if (!row) return null;
  if (
    !row.user.isActive ||
    now.getTime() > idleDeadline(row.session.lastSeenAt) ||
    now.toISOString() > row.session.expiresAt
  ) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return null;
  }
  let lastSeenAt = row.session.lastSeenAt;
  // Touch at most once a minute: every request need not write.
  if (touch && now.getTime() - new Date(lastSeenAt).getTime() > 60_000) {
    lastSeenAt = now.toISOString();
    db.update(sessions).set({ lastSeenAt }).where(eq(sessions.id, sessionId)).run();
  }
  return { sessionId, user: row.user, expiresAt: row.session.expiresAt, lastSeenAt };
}

const idleDeadline = (lastSeenAt: string) => new Date(lastSeenAt).getTime() + IDLE_TIMEOUT_MINUTES * 60_000;

/** "Stay signed in": counts as activity now, whenever the session was last touched. */
export function touchSession(db: Db, token: string, now = new Date()): ActiveSession | null {
  const active = findActiveSession(db, token, now, { touch: false });
  if (!active) return null;
  db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, active.sessionId)).run();
  return { ...active, lastSeenAt: now.toISOString() };
}

/** Seconds until the session ends: idle timeout or absolute lifetime, whichever is first. */
export function secondsLeft(session: { lastSeenAt: string; expiresAt: string }, now = new Date()) {
  const idle = Math.floor((idleDeadline(session.lastSeenAt) - now.getTime()) / 1000);
  const absolute = Math.floor((new Date(session.expiresAt).getTime() - now.getTime()) / 1000);
  return {
    seconds: Math.max(0, Math.min(idle, absolute)),
    endsBy: absolute < idle ? ("lifetime" as const) : ("idle" as const),
  };
}

export function endSession(db: Db, token: string) {
  db.delete(sessions)
    .where(eq(sessions.id, hashToken(token)))
    .run();
}

export function endAllSessionsOfUser(db: Db, userId: string) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
