// The notifications list: repeated overdue notices are one daily digest per service, what
// matters most comes first, people are named only within the reader's reach, and it pages.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { notifications, users } from "#db/schema";
import {
  listNotificationGroups,
  markRead,
  notify,
  NOTIFICATIONS_PAGE_SIZE,
  unreadCount,
} from "~/domain/notifications.server";
import { notifyOverdueFeedback } from "~/domain/overdue.server";
import { loadActor } from "~/domain/permissions.server";
import { makeOnwardReferral, makeReferral } from "../support/factories";
import { createDemoWorldDb } from "../support/test-db";

const actorOf = (db: Db, id: string) => loadActor(db, db.select().from(users).where(eq(users.id, id)).get()!);

describe("the notifications list", () => {
  let db: Db;
  beforeEach(() => {
    db = createDemoWorldDb();
  });

  it("turns 280 overdue notices into one digest, with back in custody first and named", () => {
    const referral = makeReferral(db, { givenName: "Callum", familyName: "Overduetest" } as never);
    for (let i = 0; i < 280; i++)
      makeOnwardReferral(db, {
        referralId: referral.referralId,
        serviceId: "svc-nads-treatment",
        status: "accepted",
        daysAgo: 40,
      });
    notifyOverdueFeedback(db);
    notify(
      db,
      { userIds: ["user-worker"] },
      "person.back_in_custody",
      "Back in custody: a person you assessed",
      `/worker/referrals/${referral.referralId}`,
      {
        personId: referral.personId,
      },
    );
    const worker = actorOf(db, "user-worker");
    const list = listNotificationGroups(db, worker);
    expect(list.total).toBe(2);
    expect(unreadCount(db, "user-worker")).toBe(2);
    expect(list.groups[0].kind).toBe("person.back_in_custody");
    expect(list.groups[0].items[0].personName).toMatch(/^Callum Overduetest \(born/);
    expect(list.groups[1]).toMatchObject({ kind: "feedback.overdue", isDigest: true, count: 280, unread: 280 });

    // Marking the digest read marks its 280 notices; the badge counts one fewer line.
    markRead(db, "user-worker", { notificationId: list.groups[1].items[0].id, withGroup: true });
    expect(unreadCount(db, "user-worker")).toBe(1);
    // Filtered by kind, only that kind.
    expect(listNotificationGroups(db, worker, { kind: "feedback.overdue" }).groups.map((g) => g.kind)).toEqual([
      "feedback.overdue",
    ]);
  });

  it("names a person only to a reader who may see them", () => {
    const referral = makeReferral(db, { givenName: "Morag", familyName: "Reachtest" } as never);
    for (const userId of ["user-worker", "user-worker-west"])
      notify(db, { userIds: [userId] }, "person.back_in_custody", "Back in custody", "/worker/queue", {
        personId: referral.personId,
      });
    expect(listNotificationGroups(db, actorOf(db, "user-worker")).groups[0].items[0].personName).toMatch(/Morag/);
    expect(listNotificationGroups(db, actorOf(db, "user-worker-west")).groups[0].items[0].personName).toBeNull();
  });

  it("pages the list and marks one notice read", () => {
    for (let i = 0; i < NOTIFICATIONS_PAGE_SIZE + 5; i++)
      notify(db, { userIds: ["user-worker"] }, "onward_referral.ended", `Ended ${i}`, "/worker/queue");
    const worker = actorOf(db, "user-worker");
    const second = listNotificationGroups(db, worker, { page: 2 });
    expect(second).toMatchObject({ page: 2, pageCount: 2, total: NOTIFICATIONS_PAGE_SIZE + 5 });
    expect(second.groups).toHaveLength(5);
    markRead(db, "user-worker", { notificationId: second.groups[0].items[0].id });
    expect(unreadCount(db, "user-worker")).toBe(NOTIFICATIONS_PAGE_SIZE + 4);
    const read = db.select().from(notifications).where(eq(notifications.id, second.groups[0].items[0].id)).get()!;
    expect(read.readAt).not.toBeNull();
  });
});
