// In-app notifications: a bell with a count and a list, for the things a person must act on.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Queryable } from "#db/connection";
import { notifications, users, type Role } from "#db/schema";
import { nowIso } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { queueAlertEmails } from "./messages.server";

export type NotificationKind =
  | "onward_referral.new"
  | "onward_referral.declined"
  | "onward_referral.ended"
  | "feedback.overdue"
  | "person.back_in_custody"
  | "person.phone_not_working";

type Recipients = { userIds: string[] } | { organisationId: string; role: Role };

function recipientIds(db: Queryable, to: Recipients): string[] {
  if ("userIds" in to) return [...new Set(to.userIds)];
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, to.organisationId), eq(users.role, to.role), eq(users.isActive, true)))
    .all()
    .map((u) => u.id);
}

/**
 * Tells each recipient once, and returns who was told. The title must not hold more personal
 * data than the recipient may see.
 */
export function notify(
  db: Queryable,
  to: Recipients,
  kind: NotificationKind,
  title: string,
  link: string | null,
): string[] {
  const ids = recipientIds(db, to);
  if (!ids.length) return ids;
  const createdAt = nowIso();
  db.insert(notifications)
    .values(ids.map((userId) => ({ id: newId(), userId, kind, title, link, createdAt })))
    .run();
  // Those who chose so hear by email too (with no detail: the title stays in Pathway).
  queueAlertEmails(db, ids, kind);
  return ids;
}

export function unreadCount(db: Queryable, userId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}

export function listNotifications(db: Queryable, userId: string, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(limit)
    .all();
}

export function markRead(db: Queryable, userId: string, notificationIds: string[] | "all") {
  const mine = eq(notifications.userId, userId);
  db.update(notifications)
    .set({ readAt: nowIso() })
    .where(
      notificationIds === "all"
        ? and(mine, isNull(notifications.readAt))
        : and(mine, inArray(notifications.id, notificationIds)),
    )
    .run();
}
