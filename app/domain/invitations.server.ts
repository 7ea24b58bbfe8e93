// Single-use links to set a password: an invitation for a new user, a reset for an existing
// one. Only the SHA-256 of the token is stored. The link is emailed to the person; where no
// email channel is set up, it is also shown once to the administrator to pass on.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { passwordTokens, users } from "#db/schema";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit, type AuditContext } from "./audit.server";
import { DomainError } from "./errors";
import { queuePasswordLinkEmail } from "./messages.server";
import { hashPassword } from "./passwords.server";
import { endAllSessionsOfUser } from "./sessions.server";
import { PASSWORD_LINK_HOURS } from "./users";

export type PasswordLinkPurpose = "invitation" | "reset";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Makes a new link for the user, inside the caller's transaction, and retires any earlier
 * link still waiting so only the newest works, and queues the email to the person. Returns the
 * token to put in the link, and the email's id (null when invitations are turned off).
 */
export function issuePasswordLink(
  tx: Queryable,
  audit: ActorAudit,
  userId: string,
  purpose: PasswordLinkPurpose,
  now = new Date(),
): { token: string; expiresAt: string; messageId: string | null } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_HOURS * 3600_000).toISOString();
  tx.update(passwordTokens)
    .set({ expiresAt: now.toISOString() })
    .where(
      and(
        eq(passwordTokens.userId, userId),
        isNull(passwordTokens.usedAt),
        gt(passwordTokens.expiresAt, now.toISOString()),
      ),
    )
    .run();
  tx.insert(passwordTokens)
    .values({
      id: newId(),
      tokenHash: hashToken(token),
      userId,
      purpose,
      createdByUserId: audit.userId,
      createdAt: now.toISOString(),
      expiresAt,
    })
    .run();
  recordAudit(tx, audit, {
    action: `user.${purpose === "invitation" ? "invite-link" : "reset-link"}`,
    recordType: "user",
    recordId: userId,
    detail: { expiresAt },
  });
  const user = tx.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, userId)).get();
  const messageId = user ? queuePasswordLinkEmail(tx, user, purpose, token, now) : null;
  return { token, expiresAt, messageId };
}

export type PasswordLinkState =
  | {
      status: "valid";
      purpose: PasswordLinkPurpose;
      expiresAt: string;
      user: { id: string; name: string; email: string };
    }
  | { status: "expired" | "used" | "unknown" };

export function findPasswordLink(db: Queryable, token: string, now = new Date()): PasswordLinkState {
  if (!token) return { status: "unknown" };
  const row = db
    .select({
      link: passwordTokens,
      user: { id: users.id, name: users.name, email: users.email, isActive: users.isActive },
    })
    .from(passwordTokens)
    .innerJoin(users, eq(users.id, passwordTokens.userId))
    .where(eq(passwordTokens.tokenHash, hashToken(token)))
    .get();
  if (!row || !row.user.isActive) return { status: "unknown" };
  if (row.link.usedAt) return { status: "used" };
  if (row.link.expiresAt <= now.toISOString()) return { status: "expired" };
  const { isActive: _isActive, ...user } = row.user;
  return { status: "valid", purpose: row.link.purpose, expiresAt: row.link.expiresAt, user };
}

/**
 * Sets the password from a link and spends the link. Any session the user had is ended:
 * whoever held it signs in again with the new password.
 */
export async function setPasswordWithLink(
  db: Db,
  token: string,
  password: string,
  client: AuditContext,
  now = new Date(),
) {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const link = findPasswordLink(tx, token, now);
    if (link.status !== "valid") {
      throw new DomainError(
        link.status === "expired"
          ? "This link has expired. Ask your administrator for a new one."
          : "This link has already been used or is not valid.",
        { status: 410 },
      );
    }
    const spent = tx
      .update(passwordTokens)
      .set({ usedAt: now.toISOString() })
      .where(and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt)))
      .run();
    if (spent.changes !== 1) throw new DomainError("This link has already been used.", { status: 410 });
    const user = tx
      .update(users)
      .set({
        passwordHash,
        failedSignInCount: 0,
        firstFailedSignInAt: null,
        lockedUntil: null,
        updatedAt: now.toISOString(),
      })
      .where(eq(users.id, link.user.id))
      .returning()
      .get();
    // Same connection, so this runs inside the transaction.
    endAllSessionsOfUser(db, link.user.id);
    recordAudit(
      tx,
      { ...client, userId: user.id, organisationId: user.organisationId },
      {
        action: "user.password-set",
        recordType: "user",
        recordId: user.id,
        detail: { purpose: link.purpose },
      },
    );
    return user;
  });
}
