import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { onwardReferrals } from "#db/schema";
import { listInbox } from "~/domain/inbox.server";
import { INBOX_PAGE_SIZE } from "~/domain/onward-referral-states";
import { acknowledgementOverdueBefore, addWorkingDays, type OverdueSettings } from "~/domain/overdue";
import { makeOnwardReferral, makeReferral, shareAssessmentWithService } from "../support/factories";
import { countStatements } from "../support/statement-count";
import { createDemoWorldDb } from "../support/test-db";

describe("the service inbox", () => {
  it("shows a page at a time: new ones first, then overdue, then the rest, then closed, with counts of them all", () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const make = (status: Parameters<typeof makeOnwardReferral>[1]["status"], daysAgo = 0) =>
      makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status, daysAgo });
    const busy = Array.from({ length: 60 }, () => make("in-progress"));
    // The rest go by their latest update, newest first.
    const updated = make("accepted");
    db.$client
      .prepare("UPDATE onward_referrals SET updated_at = ? WHERE id = ?")
      .run(new Date(Date.now() + 60_000).toISOString(), updated);
    // Silent for 40 days: the oldest update of all, so last by update, but overdue comes second.
    const silent = make("in-progress", 40);
    const newer = make("requested", 1);
    const older = make("requested", 2);
    const closed = [make("completed", 3), make("rejected", 4)];

    const first = listInbox(db, ["svc-nads-treatment"], { filter: "open" });
    expect(first.rows).toHaveLength(INBOX_PAGE_SIZE);
    expect(first.rows.slice(0, 4).map((r) => r.id)).toEqual([older, newer, silent, updated]);
    expect(first.rows[2].overdue?.reason).toBe("feedback");
    expect(first).toMatchObject({ total: 64, waiting: 2, overdue: 1 });

    const more = listInbox(db, ["svc-nads-treatment"], { filter: "open" }, { shown: 100 });
    expect(more.rows.map((r) => r.id).sort()).toEqual([...busy, silent, newer, older, updated].sort());

    const all = listInbox(db, ["svc-nads-treatment"], { filter: "all" }, { shown: 100 });
    expect(all.total).toBe(66);
    expect(all.rows.slice(-2).map((r) => r.id)).toEqual(closed);
    // A page that ends among the closed ones: the newest closed one, after every open one.
    expect(listInbox(db, ["svc-nads-treatment"], { filter: "all" }, { shown: 65 }).rows.at(-1)!.id).toBe(closed[0]);
    expect(all.rows.at(-1)).toMatchObject({
      status: "rejected",
      serviceName: "Northfirth Drug and Alcohol Treatment",
      overdue: null,
    });
    // A page that ends among the open ones reads no closed ones, but counts them.
    expect(listInbox(db, ["svc-nads-treatment"], { filter: "all" })).toMatchObject({ total: 66 });
    expect(listInbox(db, ["svc-nads-treatment"], { filter: "all" }).rows.every((r) => r.status !== "completed")).toBe(
      true,
    );

    expect(listInbox(db, ["svc-nads-treatment"], { filter: "closed" })).toMatchObject({
      total: 2,
      waiting: 0,
      overdue: 0,
    });
    expect(listInbox(db, ["svc-nads-treatment"], { filter: "overdue" }).rows.map((r) => r.id)).toEqual([silent]);
    expect(listInbox(db, ["svc-harbour-housing"], { filter: "open" })).toMatchObject({ rows: [], total: 0 });
  });
});

describe("narrowing the inbox and finding one person", () => {
  it("searches by name, date of birth or reference, and filters by service and urgency, naming people only with consent", () => {
    const db = createDemoWorldDb();
    const shared = makeReferral(db, { givenName: "Euan", familyName: "Macleod", dateOfBirth: "1979-12-01" });
    const sharedId = makeOnwardReferral(db, {
      referralId: shared.referralId,
      serviceId: "svc-nads-treatment",
      status: "requested",
    });
    shareAssessmentWithService(db, sharedId, ["drugs"]);
    // No consent to share: the service sees the referral but not who it is for.
    const unshared = makeReferral(db, { givenName: "Morag", familyName: "Sinclair", dateOfBirth: "1990-05-02" });
    const unsharedId = makeOnwardReferral(db, {
      referralId: unshared.referralId,
      serviceId: "svc-kelmoor-recovery",
      status: "accepted",
    });
    db.update(onwardReferrals).set({ priority: "urgent" }).where(eq(onwardReferrals.id, unsharedId)).run();
    const nads = ["svc-nads-treatment", "svc-kelmoor-recovery"];
    const ids = (query: Parameters<typeof listInbox>[2]) =>
      listInbox(db, nads, { filter: "all", ...query }, { shown: 2000 }).rows.map((r) => r.id);

    const found = listInbox(db, nads, { filter: "all", search: "euan macleod" }).rows;
    expect(found).toEqual([
      expect.objectContaining({ id: sharedId, person: { name: "Euan Macleod", dateOfBirth: "1979-12-01" } }),
    ]);
    expect(ids({ search: "Macleod Euan" })).toEqual([sharedId]);
    expect(ids({ search: "01/12/1979" })).toEqual([sharedId]);
    expect(ids({ search: "Sinclair" })).toEqual([]);
    expect(ids({ search: "02/05/1990" })).toEqual([]);
    expect(listInbox(db, nads, { filter: "all", search: unsharedId }).rows).toEqual([
      expect.objectContaining({ id: unsharedId, person: null }),
    ]);
    // Wildcards are searched for as typed.
    expect(ids({ search: "%" })).toEqual([]);

    expect(ids({ priority: "urgent" })).toContain(unsharedId);
    expect(ids({ priority: "urgent" })).not.toContain(sharedId);
    expect(ids({ serviceId: "svc-kelmoor-recovery" })).toContain(unsharedId);
    expect(ids({ serviceId: "svc-kelmoor-recovery" })).not.toContain(sharedId);
    // Another organisation's service narrows to nothing.
    expect(ids({ serviceId: "svc-harbour-housing" })).toEqual([]);
  });
});

describe("the inbox's cost", () => {
  it("ranks, pages and counts in SQL: a page of 5 reads 5 referrals, not every open one", async () => {
    const db = createDemoWorldDb();
    const { referralId } = makeReferral(db);
    const silent = makeOnwardReferral(db, {
      referralId,
      serviceId: "svc-nads-treatment",
      status: "in-progress",
      daysAgo: 40,
    });
    for (let i = 0; i < 40; i++)
      makeOnwardReferral(db, { referralId, serviceId: "svc-nads-treatment", status: "in-progress" });
    const { result, sql, rowsRead } = await countStatements(db, () =>
      listInbox(db, ["svc-nads-treatment"], { filter: "open" }, { shown: 5 }),
    );
    expect(result.rows.map((r) => r.id)[0]).toBe(silent);
    expect(result).toMatchObject({ total: 41, overdue: 1 });
    // The page, one row of counts and the settings: never one row per open referral.
    expect(rowsRead, sql.join("\n")).toBeLessThanOrEqual(5 + 1 + 4);
    expect(sql.length).toBeLessThanOrEqual(4);
  });

  it("the moment before which an unanswered referral is overdue agrees with overdueState, weekends and holidays too", () => {
    const settings: OverdueSettings = {
      acknowledgementWorkingDays: 2,
      feedbackOverdueDays: 14,
      holidays: new Set(["2026-12-25", "2026-12-28"]),
    };
    for (const now of [
      "2026-12-07T09:00:00Z",
      "2026-12-29T10:30:00Z",
      "2026-12-27T00:00:00Z",
      "2026-07-01T23:30:00Z",
    ]) {
      const at = new Date(now);
      const cutoff = acknowledgementOverdueBefore(at, settings).getTime();
      for (const start of [cutoff - 1, cutoff]) {
        const overdue = at.getTime() > addWorkingDays(new Date(start), 2, settings.holidays).getTime();
        expect(overdue, `${now}: sent ${new Date(start).toISOString()}`).toBe(start < cutoff);
      }
    }
  });
});
