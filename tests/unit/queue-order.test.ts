// The worker queue's first page (decision 035): who a worker must see before release comes first,
// whoever arrived since the worker last looked is named whichever page they are on, and the
// queue is still one index-backed statement that reads each NFO's report once.
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { naloxoneReports } from "#db/schema";
import { CUSTODY_CLOCK_HOURS, QUEUE_PAGE_SIZE } from "~/domain/queue";
import { listQueue, queueStatement, waitingStatement, waitingSummary } from "~/domain/queue.server";
import { loader as queueLoader } from "~/routes/worker.queue";
import { signInCookie } from "~/server/auth.server";
import { makeNaloxoneReport, makeReferral } from "../support/factories";
import { countStatements } from "../support/statement-count";
import { createDemoWorldDb } from "../support/test-db";

const FIRTH = "org-firth-recovery";
const HOUR = 3_600_000;
const reach = { centreIds: ["cc-northfirth"], providerOrganisationId: FIRTH };
const openQueue = { ...reach, workerId: "user-worker", filter: "open" as const };

afterEach(() => {
  globalThis.__pathwayDb = undefined;
});

function arrivedHoursAgo(db: Db, hours: number) {
  return makeReferral(db, {
    centreId: "cc-northfirth",
    arrivedAt: new Date(Date.now() - hours * HOUR).toISOString(),
  });
}

async function workerPage(db: Db) {
  globalThis.__pathwayDb = db;
  const context = { clientAddress: "127.0.0.1", cspNonce: "", signInRetryAfterSeconds: 0 };
  const cookie = (await signInCookie("user-worker", { request: new Request("http://localhost/"), context })).split(
    ";",
  )[0];
  return () =>
    queueLoader({
      request: new Request("http://localhost/worker/queue", { headers: { Cookie: cookie } }),
      context: { ...context },
      params: {},
    });
}

describe("the queue's first page", () => {
  it("puts someone just booked in ahead of 25 still shown as waiting past the custody clock", () => {
    const db = createDemoWorldDb();
    const stale = Array.from({ length: QUEUE_PAGE_SIZE }, () => arrivedHoursAgo(db, CUSTODY_CLOCK_HOURS + 6));
    const justBookedIn = arrivedHoursAgo(db, 0.2);

    const page = listQueue(db, openQueue);
    expect(page.rows.map((r) => r.id)).toContain(justBookedIn.referralId);
    expect(page.rows[0]).toMatchObject({ id: justBookedIn.referralId, pastCustodyClock: false });
    const staleRow = page.rows.find((r) => r.id === stale[0].referralId);
    expect(staleRow?.pastCustodyClock).toBe(true);
  });

  it("within the custody clock, the longest in custody comes first: the nearest to release", () => {
    const db = createDemoWorldDb();
    // Made in this order, arrived in another: the order follows arrival, not when the referral was made.
    const four = arrivedHoursAgo(db, 4);
    const twenty = arrivedHoursAgo(db, 20);
    const one = arrivedHoursAgo(db, 1);
    const ids = listQueue(db, openQueue).rows.map((r) => r.id);
    const order = [twenty, four, one].map((m) => ids.indexOf(m.referralId));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("names whoever arrived last on page one, even when 25 waiting nearer release fill the list", async () => {
    const db = createDemoWorldDb();
    for (let i = 0; i < QUEUE_PAGE_SIZE; i++) arrivedHoursAgo(db, 3 + i / 10);
    const justBookedIn = arrivedHoursAgo(db, 0.1);
    const data = await (await workerPage(db))();
    // The list rightly keeps those nearest release first…
    expect(data.referrals.map((r) => r.id)).not.toContain(justBookedIn.referralId);
    // …and the page names the newest arrival, for the "new since you last looked" notice.
    expect(data.newest[0]).toMatchObject({ id: justBookedIn.referralId, where: "Northfirth Central Custody" });
    expect(data.waitingCount).toBeGreaterThanOrEqual(QUEUE_PAGE_SIZE + 1);
  });

  it("counts only those waiting, and names NFO follow-ups not yet reached among the newest", () => {
    const db = createDemoWorldDb();
    const before = waitingSummary(db, reach).waitingCount;
    arrivedHoursAgo(db, 1);
    const nfo = makeNaloxoneReport(db);
    const after = waitingSummary(db, reach);
    expect(after.waitingCount).toBe(before + 1);
    expect(after.newest[0].id).toBe(nfo.referralId);
  });
});

describe("an NFO follow-up in the queue", () => {
  it("shows when and where naloxone was given, from its one report", () => {
    const db = createDemoWorldDb();
    const nfo = makeNaloxoneReport(db, { locationDescription: "Stairwell by the bus station", postcode: "AB12 3CD" });
    const row = listQueue(db, openQueue).rows.find((r) => r.id === nfo.referralId)!;
    const report = db
      .select()
      .from(naloxoneReports)
      .all()
      .find((r) => r.arrestReferralId === nfo.referralId)!;
    expect(row).toMatchObject({ nfoAt: report.administeredAt, where: "Stairwell by the bus station, AB12 3CD" });

    // A second report on the same follow-up would make the queue show the case twice: refused.
    expect(() =>
      db
        .insert(naloxoneReports)
        .values({ ...report, id: "second-report", recordKey: undefined })
        .run(),
    ).toThrow(/UNIQUE constraint failed: naloxone_reports.arrest_referral_id/);
  });

  it("falls back to the kind of referral when the report gives no place", () => {
    const db = createDemoWorldDb();
    const nfo = makeNaloxoneReport(db, { locationDescription: "", postcode: "" });
    const row = listQueue(db, openQueue).rows.find((r) => r.id === nfo.referralId)!;
    expect(row.where).toBe("Near-fatal overdose (naloxone)");
  });
});

describe("the queue's cost", () => {
  it("is one statement that searches every table through an index and reads each report once", () => {
    const db = createDemoWorldDb();
    makeNaloxoneReport(db);
    for (const filter of ["open", "waiting", "mine", "follow_up", "closed"] as const) {
      const { sql: text, params } = queueStatement(db, { ...openQueue, filter })!.toSQL();
      expect(text.match(/(from|join) "?naloxone_reports/gi)).toHaveLength(1);
      const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map(
        (r) => r.detail,
      );
      expect(plan.filter((d) => /^SCAN /.test(d) && !/USING (COVERING )?INDEX/.test(d))).toEqual([]);
      expect(plan.some((d) => /naloxone_reports USING INDEX naloxone_reports_(one_per_)?referral/.test(d))).toBe(true);
    }
  });

  it("counts those waiting and finds the newest through indexes", () => {
    const db = createDemoWorldDb();
    for (const held of [reach, { ...reach, centreIds: [] }]) {
      const { sql: text, params } = waitingStatement(db, held)!.toSQL();
      const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map(
        (r) => r.detail,
      );
      // The window's own rows are scanned (SCAN (subquery-N)); no table is.
      expect(plan.filter((d) => /^SCAN (?!\()/.test(d) && !/USING (COVERING )?INDEX/.test(d))).toEqual([]);
      expect(plan.some((d) => /^SEARCH arrest_referrals USING INDEX/.test(d))).toBe(true);
      // By state too: only the open cases are read, not every case the provider ever held (on the
      // UK ten-year file, 136,000 of one provider's: 450 ms a page).
      expect(plan.filter((d) => /^SEARCH arrest_referrals USING INDEX/.test(d))).not.toEqual([]);
      for (const d of plan.filter((d) => /^SEARCH arrest_referrals USING INDEX/.test(d))) expect(d).toMatch(/state=\?/);
    }
  });

  it("the page reads the queue, and the count with the newest, in one statement each", async () => {
    const db = createDemoWorldDb();
    makeNaloxoneReport(db);
    const load = await workerPage(db);
    await load(); // statements compiled and the session read once, as in any request
    const { sql } = await countStatements(db, load);
    expect(sql.filter((s) => /from "arrest_referrals"/i.test(s))).toHaveLength(2);
    const readingReports = sql.filter((s) => /naloxone_reports/.test(s));
    expect(readingReports).toHaveLength(1);
    expect(readingReports[0].match(/(from|join) "?naloxone_reports/gi)).toHaveLength(1);
  });
});
