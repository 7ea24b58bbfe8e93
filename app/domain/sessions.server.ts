// Sign-in sessions, stored in the database so that signing out or disabling a user ends them
// on the server. The cookie holds a random token; the database holds only its SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
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

/** The signed-in user for a token, or null when the session is unknown, idle, expired or the user is disabled. */
export function findActiveSession(db: Db, token: string, now = new Date()): ActiveSession | null {
  const sessionId = hashToken(token);
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return null;
  const idleLimit = new Date(row.session.lastSeenAt).getTime() + IDLE_TIMEOUT_MINUTES * 60_000;
  if (!row.user.isActive || now.getTime() > idleLimit || now.toISOString() > row.session.expiresAt) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return null;
  }
  // Touch at most once a minute: every request need not write.
  if (now.getTime() - new Date(row.session.lastSeenAt).getTime() > 60_000) {
    db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.id, sessionId)).run();
  }
  return { sessionId, user: row.user, expiresAt: row.session.expiresAt, lastSeenAt: row.session.lastSeenAt };
}

export function endSession(db: Db, token: string) {
  db.delete(sessions).where(eq(sessions.id, hashToken(token))).run();
}

export function endAllSessionsOfUser(db: Db, userId: string) {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
