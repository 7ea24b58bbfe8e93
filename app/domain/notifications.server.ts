// In-app notifications: a bell with a count and a list, for the things a person must act on.
// Repeated machine-made notices share a group key and are one line of the list (a daily digest);
// what matters most (someone back in custody, a referral declined) comes first.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { preparedPerConnection, type Queryable } from "#db/connection";
import { notifications, people, services, users, type Role } from "#db/schema";
import { nowIso } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { queueAlertEmails } from "./messages.server";
import { notificationKindLabels, type NotificationKind } from "./notifications";
import { personResource } from "./people.server";
import { can, type Actor } from "./permissions";

/** Shown before everything else while unread. */
const FIRST_KINDS: NotificationKind[] = ["person.back_in_custody", "onward_referral.declined"];

export const NOTIFICATIONS_PAGE_SIZE = 20;
/** The notices of a group listed under it; the rest are counted. */
const GROUP_ITEMS_SHOWN = 50;

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
 * data than the recipient may see: the person is named when the list is read, and only to
 * readers who may see them.
 */
export function notify(
  db: Queryable,
  to: Recipients,
  kind: NotificationKind,
  title: string,
  link: string | null,
  about: { personId?: string | null; groupKey?: string | null } = {},
): string[] {
  const ids = recipientIds(db, to);
  if (!ids.length) return ids;
  const createdAt = nowIso();
  db.insert(notifications)
    .values(
      ids.map((userId) => ({
        id: newId(),
        userId,
        kind,
        title,
        link,
        createdAt,
        personId: about.personId ?? null,
        groupKey: about.groupKey ?? null,
      })),
    )
    .run();
  // Those who chose so hear by email too (with no detail: the title stays in Pathway).
  queueAlertEmails(db, ids, kind);
  return ids;
}

const groupOf = sql<string>`coalesce(${notifications.groupKey}, ${notifications.id})`;

/** Unread lines of the list (a digest counts once), as the header badge shows. */
export function unreadCount(db: Queryable, userId: string): number {
  return unreadOf(db).get({ userId })?.n ?? 0;
}

// Every page's header asks: prepared once per connection (decision 027).
const unreadOf = preparedPerConnection((db: Queryable) =>
  db
    .select({ n: sql<number>`count(distinct ${groupOf})` })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
    .prepare(),
);

export type NotificationItem = {
  id: string;
  title: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
  /** "Given Family (born …)" when the reader may see the person; otherwise null. */
  personName: string | null;
};

export type NotificationGroup = {
  key: string;
  kind: string;
  kindLabel: string;
  isDigest: boolean;
  /** For a digest about one service (overdue feedback): the service's name. */
  serviceName: string | null;
  count: number;
  unread: number;
  latestAt: string;
  items: NotificationItem[];
};

const isKind = (kind: string): kind is NotificationKind => Object.hasOwn(notificationKindLabels, kind);

/**
 * One page of a reader's notifications as lines: digests and single notices, the pressing
 * unread ones first, then newest first. Optionally of one kind.
 */
export function listNotificationGroups(
  db: Queryable,
  actor: Actor,
  options: { kind?: NotificationKind; page?: number } = {},
) {
  const where = and(
    eq(notifications.userId, actor.userId),
    options.kind ? eq(notifications.kind, options.kind) : undefined,
  );
  const total =
    db
      .select({ n: sql<number>`count(distinct ${groupOf})` })
      .from(notifications)
      .where(where)
      .get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const unread = sql<number>`sum(${notifications.readAt} is null)`;
  const latestAt = sql<string>`max(${notifications.createdAt})`;
  const pressing = sql`${unread} > 0 and ${notifications.kind} in (${sql.join(
    FIRST_KINDS.map((k) => sql`${k}`),
    sql`, `,
  )})`;
  const rows = db
    .select({
      key: groupOf,
      kind: notifications.kind,
      groupKey: notifications.groupKey,
      count: sql<number>`count(*)`,
      unread,
      latestAt,
    })
    .from(notifications)
    .where(where)
    .groupBy(groupOf)
    .orderBy(desc(pressing), desc(latestAt), desc(groupOf))
    .limit(NOTIFICATIONS_PAGE_SIZE)
    .offset((page - 1) * NOTIFICATIONS_PAGE_SIZE)
    .all();

  const groupKeys = rows.filter((r) => r.groupKey !== null).map((r) => r.key);
  const singleIds = rows.filter((r) => r.groupKey === null).map((r) => r.key);
  const itemRows = [
    ...(singleIds.length
      ? db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, actor.userId), inArray(notifications.id, singleIds)))
          .all()
      : []),
    ...(groupKeys.length
      ? db
          .select()
          .from(notifications)
          .where(
            and(
              eq(notifications.userId, actor.userId),
              inArray(notifications.groupKey, groupKeys),
              options.kind ? eq(notifications.kind, options.kind) : undefined,
            ),
          )
          .orderBy(desc(notifications.createdAt))
          .all()
      : []),
  ];
  const names = personNamesWithinReach(
    db,
    actor,
    itemRows.map((n) => n.personId),
  );
  // An overdue digest's key is "feedback.overdue:<service id>:<day>": the line names the service.
  const serviceIdOf = (groupKey: string | null) => (groupKey?.split(":").length === 3 ? groupKey.split(":")[1] : null);
  const serviceIds = [...new Set(rows.map((r) => serviceIdOf(r.groupKey)).filter((id): id is string => !!id))];
  const serviceNames = new Map(
    serviceIds.length
      ? db
          .select({ id: services.id, name: services.name })
          .from(services)
          .where(inArray(services.id, serviceIds))
          .all()
          .map((s) => [s.id, s.name])
      : [],
  );
  return {
    page,
    pageCount,
    total,
    groups: rows.map((row): NotificationGroup => {
      const items = itemRows
        .filter((n) => (row.groupKey === null ? n.id === row.key : n.groupKey === row.key))
        .slice(0, GROUP_ITEMS_SHOWN)
        .map((n) => ({
          id: n.id,
          title: n.title,
          link: n.link,
          createdAt: n.createdAt,
          readAt: n.readAt,
          personName: n.personId ? (names.get(n.personId) ?? null) : null,
        }));
      return {
        key: row.key,
        kind: row.kind,
        kindLabel: isKind(row.kind) ? notificationKindLabels[row.kind] : row.kind,
        isDigest: row.groupKey !== null,
        serviceName: serviceNames.get(serviceIdOf(row.groupKey) ?? "") ?? null,
        count: row.count,
        unread: row.unread,
        latestAt: row.latestAt,
        items,
      };
    }),
  };
}

/** The names of the people a reader may see, asked of the permission module one person at a time. */
function personNamesWithinReach(db: Queryable, actor: Actor, personIds: (string | null)[]) {
  const names = new Map<string, string>();
  const ids = [...new Set(personIds.filter((id): id is string => !!id))];
  if (!ids.length) return names;
  const found = db
    .select({
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      anonymisedAt: people.anonymisedAt,
    })
    .from(people)
    .where(inArray(people.id, ids))
    .all();
  for (const person of found) {
    if (person.anonymisedAt) continue;
    const resource = personResource(db, person.id);
    if (resource && can(actor, "person:view", resource))
      names.set(person.id, `${person.givenName} ${person.familyName} (born ${formatBorn(person.dateOfBirth)})`);
  }
  return names;
}

const formatBorn = (date: string) => {
  const [y, m, d] = date.split("-");
  return `${Number(d)}/${Number(m)}/${y}`;
};

/** One of the reader's own notifications, or undefined. */
export function findOwnNotification(db: Queryable, userId: string, notificationId: string) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.id, notificationId)))
    .get();
}

/** Marks read: one notice (with the rest of its digest when `withGroup`), or all of the reader's. */
export function markRead(
  db: Queryable,
  userId: string,
  which: { notificationId: string; withGroup?: boolean } | "all",
) {
  const mine = eq(notifications.userId, userId);
  if (which === "all") {
    db.update(notifications)
      .set({ readAt: nowIso() })
      .where(and(mine, isNull(notifications.readAt)))
      .run();
    return;
  }
  const notice = findOwnNotification(db, userId, which.notificationId);
  if (!notice) return;
  db.update(notifications)
    .set({ readAt: nowIso() })
    .where(
      and(
        mine,
        isNull(notifications.readAt),
        notice.groupKey && which.withGroup
          ? eq(notifications.groupKey, notice.groupKey)
          : eq(notifications.id, notice.id),
      ),
    )
    .run();
}
