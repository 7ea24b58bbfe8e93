// Outreach campaigns (issue 21 items 1–4), against a real database and a fake GOV.UK Notify:
// the list of numbers, safe wording and approval, sending at a rate, opt-outs across
// campaigns, delivery receipts, and erasing the numbers once sending is done.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { campaignNumbers, campaigns, doNotContact } from "#db/schema";
import {
  eraseCampaignNumbers,
  optOutNumber,
  recordCampaignDeliveryReceipt,
  recordReply,
  runCampaignSending,
} from "~/domain/campaign-sending.server";
import { suggestedTemplate } from "~/domain/campaign-wording";
import {
  campaignPreview,
  campaignProgress,
  createCampaign,
  getCampaign,
  moveCampaign,
  reviewTemplate,
  updateTemplate,
  uploadNumbers,
} from "~/domain/campaigns.server";
import { DomainError } from "~/domain/errors";
import { notifyChannel, outboxChannel, type Channels } from "~/domain/message-channels.server";
import { numberHash } from "~/domain/number-hash.server";
import { startFakeNotify, type FakeNotify } from "../support/fake-notify";
import { createDemoWorldDb } from "../support/test-db";

const SMS_TEMPLATE = "22222222-2222-4222-8222-222222222222";
const police = { userId: "user-officer", organisationId: "org-police", ipAddress: null };
const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: null };
const DAY = 86400_000;

let notify: FakeNotify;
let channels: Channels;
beforeAll(async () => {
  notify = await startFakeNotify();
  channels = {
    email: outboxChannel(),
    sms: notifyChannel({ apiKey: notify.apiKey, baseUrl: notify.baseUrl, smsTemplateId: SMS_TEMPLATE }).sms!,
  };
});
afterAll(() => notify.close());

let counter = 0;
/** Distinct numbers in Ofcom's drama range, different in every test. */
const numbers = (n: number) => Array.from({ length: n }, () => `07700 9${String(10000 + counter++).padStart(5, "0")}`);
const e164 = (national: string) => `+44${national.replace(/\s/g, "").slice(1)}`;

function newCampaign(db: Db, overrides: Partial<Parameters<typeof createCampaign>[2]> = {}) {
  return createCampaign(db, police, {
    name: "Operation Harbour",
    investigationReference: "SECRET-REF-HARBOUR",
    areaId: "la-northfirth",
    providerOrganisationId: "org-firth-recovery",
    commissionerOrganisationId: "org-nk-adp",
    template: suggestedTemplate("Caledonia Police Service", "Firth Recovery Partnership"),
    ratePerMinute: 3000,
    retentionDays: 14,
    ...overrides,
  });
}

function approveAndStart(db: Db, id: string, now = new Date()) {
  moveCampaign(db, police, id, "request-approval", now);
  reviewTemplate(db, admin, id, { approve: true }, now);
  moveCampaign(db, police, id, "start", now);
}

const upload = (db: Db, id: string, lines: string[], now = new Date()) =>
  uploadNumbers(db, police, id, { name: "numbers.txt", text: lines.join("\n") }, now);

const sentTo = (id: string, db: Db) => {
  const ids = new Set(
    db
      .select({ id: campaignNumbers.id })
      .from(campaignNumbers)
      .where(eq(campaignNumbers.campaignId, id))
      .all()
      .map((r) => r.id),
  );
  return notify
    .sent("sms")
    .filter((n) => n.reference && ids.has(n.reference))
    .map((n) => n.phone_number!)
    .sort();
};

describe("the list of numbers", () => {
  it("keeps each mobile once, in E.164, and says what it dropped and why", () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    const [a, b, c] = numbers(3);
    const summary = upload(db, id, [a, e164(a), b, "01632 960101", "not a number", c, b.replace(" ", "")]);
    expect(summary).toMatchObject({
      read: 7,
      kept: 3,
      dropped: { not_a_mobile: 2, repeated: 2, already_in_campaign: 0, opted_out: 0, recently_messaged: 0 },
      notMobileLines: [4, 5],
    });
    const held = db.select().from(campaignNumbers).where(eq(campaignNumbers.campaignId, id)).all();
    expect(held.map((n) => n.phone).sort()).toEqual([a, b, c].map(e164).sort());
    expect(held.every((n) => n.numberHash === numberHash(n.phone!))).toBe(true);
    // A second upload adds only what is new.
    const [d] = numbers(1);
    expect(upload(db, id, [a, d])).toMatchObject({ kept: 1, dropped: { already_in_campaign: 1 } });
  });

  it("a file with no numbers, or a broken CSV, is refused with a message and changes nothing", () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    expect(() => upload(db, id, ["", ""])).toThrow(/holds no numbers/);
    expect(() => uploadNumbers(db, police, id, { name: "x.csv", text: 'phone\n"07700 900111' })).toThrow(
      /never closed/,
    );
    expect(db.select().from(campaignNumbers).where(eq(campaignNumbers.campaignId, id)).all()).toEqual([]);
  });

  it("checks 10,000 numbers in one upload", () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    const list = Array.from({ length: 10_000 }, (_, i) => `07700 ${String(100000 + i)}`);
    expect(upload(db, id, list)).toMatchObject({ read: 10_000, kept: 10_000 });
    expect(campaignPreview(db, getCampaign(db, id)!).length.fragments).toBe(2);
  });
});

describe("safe wording and approval", () => {
  it("a template mentioning drugs is refused: it cannot go for approval, nor be approved", () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    const good = getCampaign(db, id)!.template;
    updateTemplate(db, police, id, `${good} Help with drugs is available.`);
    expect(() => moveCampaign(db, police, id, "request-approval")).toThrow(/mentions “drugs”/);
    // Even if it were waiting (written before the rules changed), approval checks again.
    db.update(campaigns).set({ status: "awaiting_approval" }).where(eq(campaigns.id, id)).run();
    expect(() => reviewTemplate(db, admin, id, { approve: true })).toThrow(/cannot be approved/);
    expect(getCampaign(db, id)!.status).toBe("awaiting_approval");
  });

  it("a refusal needs a reason, sends the campaign back to draft, and a changed text needs approval again", () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    moveCampaign(db, police, id, "request-approval");
    expect(() => reviewTemplate(db, admin, id, { approve: false, reason: " " })).toThrow(DomainError);
    reviewTemplate(db, admin, id, { approve: false, reason: "Name the partner's phone number too." });
    expect(getCampaign(db, id)!.status).toBe("draft");
    moveCampaign(db, police, id, "request-approval");
    reviewTemplate(db, admin, id, { approve: true });
    expect(getCampaign(db, id)!.status).toBe("approved");
    updateTemplate(db, police, id, `${getCampaign(db, id)!.template} Thank you.`);
    expect(getCampaign(db, id)!.status).toBe("draft");
    expect(() => moveCampaign(db, police, id, "start")).toThrow(DomainError);
  });
});

describe("sending", () => {
  it("the fake Notify receives exactly one text per distinct number that did not opt out", async () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    const [a, b, c, optedOut] = numbers(4);
    upload(db, id, [a, b, a, c, optedOut, e164(b)]);
    const code = getCampaign(db, id)!.code;
    expect(optOutNumber(db, code, optedOut)).toBe("opted_out");
    approveAndStart(db, id);
    const report = await runCampaignSending(db, channels, { campaignIds: [id], seconds: 60 });
    // The opt-out took the number out of the list at once: the job had nothing of it to skip.
    expect(report).toMatchObject({ sent: 3, skipped: 0, failed: 0, finished: 1 });
    expect(sentTo(id, db)).toEqual([a, b, c].map(e164).sort());
    const texts = notify.sent("sms").filter((n) => sentTo(id, db).includes(n.phone_number!));
    expect(texts.every((t) => t.personalisation.body.includes(`/h/${code} Reply STOP`))).toBe(true);
    expect(texts.every((t) => t.template_id === SMS_TEMPLATE)).toBe(true);
    // Another run sends nothing more: the campaign finished.
    expect(await runCampaignSending(db, channels, { campaignIds: [id], seconds: 60 })).toMatchObject({ sent: 0 });
    expect(getCampaign(db, id)!.status).toBe("finished");
    expect(campaignProgress(db, id)).toMatchObject({ total: 4, sent: 3, skipped: 1, optedOut: 1, percentDone: 100 });
  });

  it("a number that opted out in campaign A is not texted by campaign B", async () => {
    const db = createDemoWorldDb();
    const a = newCampaign(db, { name: "Operation Anchor" });
    const b = newCampaign(db, { name: "Operation Beacon" });
    const [stays, stops, replies] = numbers(3);
    upload(db, a, [stays, stops, replies]);
    approveAndStart(db, a);
    await runCampaignSending(db, channels, { campaignIds: [a], seconds: 60 });
    // B's list was uploaded long after A's texts (past the 90-day rule), then two opt out of A.
    const later = new Date(Date.now() + 100 * DAY);
    upload(db, b, [stays, stops, replies], later);
    expect(optOutNumber(db, getCampaign(db, a)!.code, stops, later)).toBe("opted_out");
    expect(recordReply(db, e164(replies).slice(1), "Stop", later)).toBe("opted_out");
    expect(recordReply(db, e164(stays).slice(1), "Who is this?", later)).toBe("not_stop");
    approveAndStart(db, b, later);
    await runCampaignSending(db, channels, { campaignIds: [b], seconds: 60, now: later });
    expect(sentTo(b, db)).toEqual([e164(stays)]);
    expect(campaignProgress(db, a)).toMatchObject({ optedOut: 2 });
    // A new list after the opt-out drops them at upload.
    const c = newCampaign(db, { name: "Operation Compass" });
    expect(upload(db, c, [stops, replies], later)).toMatchObject({ kept: 0, dropped: { opted_out: 2 } });
  });

  it("a number another campaign texted in the last 90 days is dropped, at upload and at sending", async () => {
    const db = createDemoWorldDb();
    const a = newCampaign(db, { name: "Operation Delta" });
    const b = newCampaign(db, { name: "Operation Echo" });
    const [shared, own] = numbers(2);
    upload(db, a, [shared]);
    upload(db, b, [shared, own]);
    approveAndStart(db, a);
    approveAndStart(db, b);
    await runCampaignSending(db, channels, { campaignIds: [a, b], seconds: 60 });
    expect([...sentTo(a, db), ...sentTo(b, db)].sort()).toEqual([e164(own), e164(shared)].sort());
    const c = newCampaign(db, { name: "Operation Foxtrot" });
    expect(upload(db, c, [shared])).toMatchObject({ kept: 0, dropped: { recently_messaged: 1 } });
  });

  it("sends at the campaign's rate, pauses and stops", async () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db, { ratePerMinute: 60 });
    upload(db, id, numbers(25));
    approveAndStart(db, id);
    // 60 a minute, run for 10 seconds' worth: 10 texts.
    expect(await runCampaignSending(db, channels, { campaignIds: [id], seconds: 10 })).toMatchObject({ sent: 10 });
    moveCampaign(db, police, id, "pause");
    expect(await runCampaignSending(db, channels, { campaignIds: [id], seconds: 10 })).toMatchObject({ sent: 0 });
    moveCampaign(db, police, id, "resume");
    expect(await runCampaignSending(db, channels, { campaignIds: [id], seconds: 10 })).toMatchObject({ sent: 10 });
    moveCampaign(db, police, id, "stop");
    expect(await runCampaignSending(db, channels, { campaignIds: [id], seconds: 60 })).toMatchObject({ sent: 0 });
    expect(campaignProgress(db, id)).toMatchObject({ sent: 20, skipped: 5, waiting: 0, percentDone: 100 });
    expect(sentTo(id, db)).toHaveLength(20);
  });

  it("Notify busy: the number waits for the next run; the Outbox keeps texts when no channel is set up", async () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    upload(db, id, numbers(3));
    approveAndStart(db, id);
    notify.failNext(429);
    const first = await runCampaignSending(db, channels, { campaignIds: [id], seconds: 60 });
    expect(first.retrying).toBeGreaterThanOrEqual(1);
    const outbox = { email: outboxChannel(), sms: outboxChannel() };
    await runCampaignSending(db, outbox, { campaignIds: [id], seconds: 60 });
    const progress = campaignProgress(db, id);
    expect(progress.sent + progress.held).toBe(3);
    expect(progress.waiting).toBe(0);
  });

  it("delivery receipts count numbers that no longer work", async () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db);
    const [works, dead] = numbers(2);
    upload(db, id, [works, dead]);
    approveAndStart(db, id);
    await runCampaignSending(db, channels, { campaignIds: [id], seconds: 60 });
    const byPhone = (p: string) => notify.sent("sms").find((n) => n.phone_number === e164(p))!;
    expect(
      recordCampaignDeliveryReceipt(db, {
        id: byPhone(works).id,
        reference: byPhone(works).reference,
        status: "delivered",
      }),
    ).toBe(true);
    expect(recordCampaignDeliveryReceipt(db, { id: byPhone(dead).id, status: "permanent-failure" })).toBe(true);
    expect(recordCampaignDeliveryReceipt(db, { id: "not-ours", status: "delivered" })).toBe(false);
    expect(campaignProgress(db, id)).toMatchObject({ delivered: 1, notWorking: 1 });
  });
});

describe("data minimisation", () => {
  it("numbers are unreadable after the retention time: only keyed hashes remain", async () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db, { retentionDays: 14 });
    const list = numbers(3);
    upload(db, id, list);
    const start = new Date();
    approveAndStart(db, id, start);
    await runCampaignSending(db, channels, { campaignIds: [id], seconds: 60, now: start });
    const finishedAt = new Date(getCampaign(db, id)!.sendingFinishedAt!);

    expect(eraseCampaignNumbers(db, new Date(finishedAt.getTime() + 13 * DAY))).toMatchObject({ numbers: 0 });
    expect(eraseCampaignNumbers(db, new Date(finishedAt.getTime() + 14 * DAY))).toMatchObject({ numbers: 3 });

    const rows = db.select().from(campaignNumbers).where(eq(campaignNumbers.campaignId, id)).all();
    expect(rows.map((r) => r.phone)).toEqual([null, null, null]);
    expect(rows.map((r) => r.numberHash).sort()).toEqual(list.map((n) => numberHash(e164(n))).sort());
    // Nowhere in the database, the audit log included, is any of the numbers left.
    const everything = (
      db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    )
      .map(({ name }) => JSON.stringify(db.$client.prepare(`SELECT * FROM "${name}"`).all()))
      .join("\n");
    for (const n of list) {
      expect(everything).not.toContain(e164(n));
      expect(everything).not.toContain(n.replace(/\s/g, "").slice(1));
    }
    // The counts stay, and the hash still keeps an opt-out working.
    expect(campaignProgress(db, id)).toMatchObject({ total: 3, sent: 3 });
    expect(optOutNumber(db, getCampaign(db, id)!.code, list[0])).toBe("opted_out");
    expect(
      db
        .select()
        .from(doNotContact)
        .where(eq(doNotContact.numberHash, numberHash(e164(list[0]))))
        .get(),
    ).toBeTruthy();
  });

  it("a list never sent is deleted after the retention time from its upload", () => {
    const db = createDemoWorldDb();
    const id = newCampaign(db, { retentionDays: 3 });
    const uploaded = new Date();
    upload(db, id, numbers(2), uploaded);
    eraseCampaignNumbers(db, new Date(uploaded.getTime() + 3 * DAY));
    expect(db.select().from(campaignNumbers).where(eq(campaignNumbers.campaignId, id)).all()).toEqual([]);
  });

  it("the investigation reference stays out of the audit log", () => {
    const db = createDemoWorldDb();
    newCampaign(db);
    const audit = JSON.stringify(db.$client.prepare("SELECT * FROM audit_events").all());
    expect(audit).toContain("campaign.create");
    expect(audit).not.toContain("SECRET-REF-HARBOUR");
  });
});
