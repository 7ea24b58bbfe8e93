// Sending an outreach campaign, and what follows: the campaign job texts each number of a
// campaign that is "sending" through the text channel (GOV.UK Notify, or the Outbox when none is
// set up), at most the campaign's rate a minute, off any request; opt-outs (a STOP reply, or
// "stop messages" on the self-referral page) add the number's keyed hash to the do-not-contact
// list; delivery receipts count numbers that no longer work; and the retention job replaces
// each number by nothing once sending and receipts are done (the keyed hash stays).
// Campaign texts are not rows of `messages` (decision 031): they are not about a person Pathway
// knows, and each number must be erasable with its campaign's list.
import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import { campaignNumbers, campaigns, doNotContact } from "#db/schema";
import { recordAudit } from "./audit.server";
import { renderCampaignText, OPT_OUT_WORD } from "./campaign-wording";
import {
  campaignLink,
  getCampaignByCode,
  optedOutHashes,
  recentlyMessagedHashes,
  recentlyMessagedSince,
} from "./campaigns.server";
import { numberHash } from "./number-hash.server";
import { mobileE164 } from "./phone-numbers";
import type { Channels } from "./message-channels.server";
import type { DeliveryReceipt } from "./messages.server";

type CampaignNumber = typeof campaignNumbers.$inferSelect;

/** How many texts of one campaign are in flight at once (Notify answers each in ~100 ms). */
const CONCURRENCY = 10;
/** A transient failure (Notify's 429 or 5xx) is tried again this many times, then failed. */
const MAX_ATTEMPTS = 3;
/** A number still "sending" this long after its attempt began was cut short by a crash. */
const SENDING_STALE_MINUTES = 10;
/** How often the campaign job runs: each run sends up to this many seconds' worth of the rate. */
export const CAMPAIGN_INTERVAL_MS = 10_000;

export type CampaignRunReport = {
  sent: number;
  held: number;
  failed: number;
  skipped: number;
  retrying: number;
  finished: number;
};

export type CampaignRunOptions = {
  now?: Date;
  /** Seconds of sending at each campaign's rate this run may use (the job's interval). */
  seconds?: number;
  /** Only these campaigns (a test sharing its database with others). */
  campaignIds?: string[];
};

/**
 * One run of the campaign job: for each campaign that is sending, up to `seconds` worth of its
 * rate, oldest numbers first. Each number is checked again just before it goes (an opt-out or
 * another campaign's text since the upload skips it), marked "sending" before the channel is
 * called (so a crash leaves a trace), and recorded after. A campaign with nothing left waiting
 * is finished.
 */
export async function runCampaignSending(
  db: Db,
  channels: Channels,
  options: CampaignRunOptions = {},
): Promise<CampaignRunReport> {
  const now = options.now ?? new Date();
  const seconds = options.seconds ?? CAMPAIGN_INTERVAL_MS / 1000;
  const report: CampaignRunReport = { sent: 0, held: 0, failed: 0, skipped: 0, retrying: 0, finished: 0 };
  await recoverInterrupted(db, channels, now);
  const sending = db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.status, "sending"),
        options.campaignIds ? inArray(campaigns.id, options.campaignIds) : undefined,
      ),
    )
    .orderBy(asc(campaigns.sendingStartedAt))
    .all();
  for (const campaign of sending) {
    const budget = Math.max(1, Math.floor((campaign.ratePerMinute * seconds) / 60));
    const text = renderCampaignText(campaign.template, campaignLink(campaign.code));
    let left = budget;
    let backOff = false;
    while (left > 0 && !backOff) {
      const batch = claim(db, campaign.id, Math.min(left, CONCURRENCY * 5), now, report);
      if (!batch.claimed.length && !batch.skipped) break;
      left -= batch.claimed.length;
      for (let i = 0; i < batch.claimed.length; i += CONCURRENCY) {
        const group = batch.claimed.slice(i, i + CONCURRENCY);
        // Still sending? A pause or stop takes effect between groups.
        const status = db
          .select({ status: campaigns.status })
          .from(campaigns)
          .where(eq(campaigns.id, campaign.id))
          .get()?.status;
        if (status !== "sending") {
          release(db, group.concat(batch.claimed.slice(i + CONCURRENCY)));
          backOff = true;
          break;
        }
        const results = await Promise.all(
          group.map(async (n) => {
            try {
              return await channels.sms.send({
                id: n.id,
                channel: "sms",
                recipient: n.phone!,
                rendered: { body: text },
              });
            } catch (error) {
              return {
                ok: false as const,
                error: error instanceof Error ? error.message : String(error),
                permanent: false,
              };
            }
          }),
        );
        group.forEach((n, j) => {
          const result = results[j];
          if (result.ok) {
            const held = channels.sms.provider === "outbox";
            db.update(campaignNumbers)
              .set({
                status: held ? "held" : "sent",
                sentAt: now.toISOString(),
                providerId: result.providerId,
                error: null,
              })
              .where(eq(campaignNumbers.id, n.id))
              .run();
            if (held) report.held += 1;
            else report.sent += 1;
          } else if (result.permanent || n.attemptCount >= MAX_ATTEMPTS) {
            db.update(campaignNumbers)
              .set({ status: "failed", error: result.error.slice(0, 500) })
              .where(eq(campaignNumbers.id, n.id))
              .run();
            report.failed += 1;
          } else {
            // Notify is busy or down: this number waits for the next run, and so does the campaign.
            db.update(campaignNumbers)
              .set({ status: "queued", error: result.error.slice(0, 500) })
              .where(eq(campaignNumbers.id, n.id))
              .run();
            report.retrying += 1;
            backOff = true;
          }
        });
        if (backOff) {
          release(db, batch.claimed.slice(i + CONCURRENCY));
          break;
        }
      }
    }
    if (finishIfDone(db, campaign.id, now)) report.finished += 1;
  }
  return report;
}

/**
 * Marks up to `limit` waiting numbers "sending", after skipping those that opted out or that
 * another campaign texted in the last 90 days (both may have happened since the upload).
 */
function claim(db: Db, campaignId: string, limit: number, now: Date, report: CampaignRunReport) {
  return db.transaction((tx) => {
    const due = tx
      .select()
      .from(campaignNumbers)
      .where(and(eq(campaignNumbers.campaignId, campaignId), eq(campaignNumbers.status, "queued")))
      .orderBy(asc(campaignNumbers.createdAt), asc(campaignNumbers.id))
      .limit(limit)
      .all();
    const hashes = due.map((n) => n.numberHash);
    const optedOut = optedOutHashes(tx, hashes);
    const recent = recentlyMessagedHashes(tx, campaignId, hashes, recentlyMessagedSince(now));
    const claimed: CampaignNumber[] = [];
    let skipped = 0;
    for (const n of due) {
      const skipReason = optedOut.has(n.numberHash)
        ? "opted_out"
        : recent.has(n.numberHash)
          ? "recently_messaged"
          : null;
      if (skipReason || !n.phone) {
        tx.update(campaignNumbers)
          .set({ status: "skipped", skipReason: skipReason ?? "stopped" })
          .where(eq(campaignNumbers.id, n.id))
          .run();
        skipped += 1;
        continue;
      }
      tx.update(campaignNumbers)
        .set({ status: "sending", attemptCount: n.attemptCount + 1, lastAttemptAt: now.toISOString() })
        .where(eq(campaignNumbers.id, n.id))
        .run();
      claimed.push({ ...n, attemptCount: n.attemptCount + 1 });
    }
    report.skipped += skipped;
    return { claimed, skipped };
  });
}

/** Numbers claimed but not sent (the campaign paused, or Notify asked us to slow down). */
function release(db: Db, numbers: CampaignNumber[]) {
  if (!numbers.length) return;
  db.update(campaignNumbers)
    .set({ status: "queued", attemptCount: sql`${campaignNumbers.attemptCount} - 1` })
    .where(
      and(
        inArray(
          campaignNumbers.id,
          numbers.map((n) => n.id),
        ),
        eq(campaignNumbers.status, "sending"),
      ),
    )
    .run();
}

function finishIfDone(db: Db, campaignId: string, now: Date): boolean {
  return db.transaction((tx) => {
    const waiting = tx
      .select({ n: sql<number>`count(*)` })
      .from(campaignNumbers)
      .where(and(eq(campaignNumbers.campaignId, campaignId), inArray(campaignNumbers.status, ["queued", "sending"])))
      .get()!.n;
    if (waiting) return false;
    const done = tx
      .update(campaigns)
      .set({ status: "finished", sendingFinishedAt: now.toISOString(), updatedAt: now.toISOString() })
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "sending")))
      .run();
    if (done.changes) recordAudit(tx, {}, { action: "campaign.finish", recordType: "campaign", recordId: campaignId });
    return done.changes > 0;
  });
}

/** Numbers left "sending" by a crash: recorded as sent if Notify has them, queued again if not. */
async function recoverInterrupted(db: Db, channels: Channels, now: Date) {
  const cutoff = new Date(now.getTime() - SENDING_STALE_MINUTES * 60_000).toISOString();
  const stuck = db
    .select()
    .from(campaignNumbers)
    .where(and(eq(campaignNumbers.status, "sending"), lte(campaignNumbers.lastAttemptAt, cutoff)))
    .limit(1000)
    .all();
  for (const n of stuck) {
    const past = await channels.sms.findPastSend({
      id: n.id,
      channel: "sms",
      recipient: n.phone ?? "",
      rendered: { body: "" },
    });
    if ("sent" in past && past.sent)
      db.update(campaignNumbers)
        .set({ status: "sent", sentAt: now.toISOString(), providerId: past.providerId })
        .where(eq(campaignNumbers.id, n.id))
        .run();
    else if ("sent" in past)
      db.update(campaignNumbers).set({ status: "queued" }).where(eq(campaignNumbers.id, n.id)).run();
    else
      db.update(campaignNumbers)
        .set({ status: "failed", error: "Pathway stopped while sending this and cannot tell whether it went." })
        .where(eq(campaignNumbers.id, n.id))
        .run();
  }
}

// ---------------------------------------------------------------- opting out

export type OptOutResult = "opted_out" | "already" | "not_a_number";

function recordOptOutHash(
  tx: Queryable,
  hash: string,
  campaignId: string | null,
  via: "reply" | "page",
  now: Date,
): boolean {
  const inserted = tx
    .insert(doNotContact)
    .values({ numberHash: hash, campaignId, via, createdAt: now.toISOString() })
    .onConflictDoNothing()
    .run();
  // Anything of this number still waiting in any campaign is not sent.
  tx.update(campaignNumbers)
    .set({ status: "skipped", skipReason: "opted_out" })
    .where(and(eq(campaignNumbers.numberHash, hash), eq(campaignNumbers.status, "queued")))
    .run();
  return inserted.changes > 0;
}

/**
 * "Stop messages" on the self-referral page of the campaign with this code: the number's keyed
 * hash joins the do-not-contact list, so no campaign texts it again. Only the hash is kept.
 */
export function optOutNumber(db: Db, campaignCode: string | null, phone: string, now = new Date()): OptOutResult {
  const e164 = mobileE164(phone);
  if (!e164) return "not_a_number";
  return db.transaction((tx) => {
    const campaign = campaignCode ? getCampaignByCode(tx, campaignCode) : undefined;
    const added = recordOptOutHash(tx, numberHash(e164), campaign?.id ?? null, "page", now);
    if (added)
      recordAudit(
        tx,
        {},
        { action: "campaign.opt-out", recordType: "campaign", recordId: campaign?.id, detail: { via: "page" } },
      );
    return added ? "opted_out" : "already";
  });
}

/** Whether a number (E.164) asked for no more campaign texts. */
export function hasOptedOut(db: Queryable, e164: string): boolean {
  return (
    db
      .select({ hash: doNotContact.numberHash })
      .from(doNotContact)
      .where(eq(doNotContact.numberHash, numberHash(e164)))
      .get() !== undefined
  );
}

/** Whether a reply asks to stop: STOP, or words people use for it, alone in the message. */
export const isStopReply = (text: string) =>
  new RegExp(`^\\s*(${OPT_OUT_WORD}|stop all|unsubscribe|end|quit|cancel|opt out|optout)\\W*$`, "i").test(text);

/**
 * A text received from a number (Notify's received-text callback). A STOP reply opts the number
 * out of every campaign; the campaign that last texted it is credited. Other replies are not kept.
 */
export function recordReply(db: Db, sourceNumber: string, text: string, now = new Date()): OptOutResult | "not_stop" {
  if (!isStopReply(text)) return "not_stop";
  const e164 = mobileE164(sourceNumber.startsWith("44") ? `+${sourceNumber}` : sourceNumber);
  if (!e164) return "not_a_number";
  const hash = numberHash(e164);
  return db.transaction((tx) => {
    const last = tx
      .select({ campaignId: campaignNumbers.campaignId })
      .from(campaignNumbers)
      .where(and(eq(campaignNumbers.numberHash, hash), isNotNull(campaignNumbers.sentAt)))
      .orderBy(sql`${campaignNumbers.sentAt} desc`)
      .limit(1)
      .get();
    const added = recordOptOutHash(tx, hash, last?.campaignId ?? null, "reply", now);
    if (added)
      recordAudit(
        tx,
        {},
        { action: "campaign.opt-out", recordType: "campaign", recordId: last?.campaignId, detail: { via: "reply" } },
      );
    return added ? "opted_out" : "already";
  });
}

// ---------------------------------------------------------------- delivery receipts

/**
 * Notify's word on a campaign text (the receipt names our campaign number's id as its
 * reference). Returns false when the receipt is for none of them. A permanent failure means the
 * number does not work: it is counted on the campaign.
 */
export function recordCampaignDeliveryReceipt(db: Db, receipt: DeliveryReceipt, now = new Date()): boolean {
  const found =
    (receipt.reference
      ? db
          .select({ id: campaignNumbers.id })
          .from(campaignNumbers)
          .where(eq(campaignNumbers.id, receipt.reference))
          .get()
      : undefined) ??
    db.select({ id: campaignNumbers.id }).from(campaignNumbers).where(eq(campaignNumbers.providerId, receipt.id)).get();
  if (!found) return false;
  db.update(campaignNumbers)
    .set({ deliveryStatus: receipt.status, deliveryStatusAt: receipt.completed_at ?? now.toISOString() })
    .where(eq(campaignNumbers.id, found.id))
    .run();
  return true;
}

// ---------------------------------------------------------------- retention

/**
 * Numbers are kept only while they are needed: until the campaign's retention days (14 by
 * default) after sending finished or stopped — time for the delivery receipts — or after the
 * last upload, for a campaign that never started sending. Then each number is blanked and only
 * its keyed hash stays, for opt-outs and the 90-day rule; counts and statuses stay too.
 */
export function eraseCampaignNumbers(db: Db, now = new Date()): { campaigns: number; numbers: number } {
  const due = db
    .select({
      id: campaigns.id,
      retentionDays: campaigns.retentionDays,
      finishedAt: campaigns.sendingFinishedAt,
      uploadedAt: campaigns.numbersUploadedAt,
      status: campaigns.status,
    })
    .from(campaigns)
    .where(
      and(
        isNotNull(campaigns.numbersUploadedAt),
        sql`${campaigns.numbersErasedAt} is null or ${campaigns.numbersErasedAt} < ${campaigns.numbersUploadedAt}`,
      ),
    )
    .all()
    .filter((c) => {
      const from =
        c.status === "finished" || c.status === "stopped"
          ? c.finishedAt
          : c.status === "sending" || c.status === "paused"
            ? null
            : c.uploadedAt;
      return from !== null && new Date(from).getTime() + c.retentionDays * 86400_000 <= now.getTime();
    });
  let numbers = 0;
  for (const campaign of due) {
    db.transaction((tx) => {
      const erased = tx
        .update(campaignNumbers)
        .set({ phone: null })
        .where(and(eq(campaignNumbers.campaignId, campaign.id), isNotNull(campaignNumbers.phone)))
        .run();
      // A list never sent goes altogether: nothing was texted, so no hash is needed.
      const neverSent =
        campaign.status === "draft" || campaign.status === "awaiting_approval" || campaign.status === "approved";
      if (neverSent) tx.delete(campaignNumbers).where(eq(campaignNumbers.campaignId, campaign.id)).run();
      tx.update(campaigns).set({ numbersErasedAt: now.toISOString() }).where(eq(campaigns.id, campaign.id)).run();
      recordAudit(
        tx,
        {},
        {
          action: "campaign.numbers-erased",
          recordType: "campaign",
          recordId: campaign.id,
          detail: { numbers: erased.changes, retentionDays: campaign.retentionDays },
        },
      );
      numbers += erased.changes;
    });
  }
  return { campaigns: due.length, numbers };
}

/** The campaign job every 10 seconds, never two runs at once; timers never keep the process alive. */
export function scheduleCampaignSending(db: Db, channels: Channels, log: (line: string) => void = console.log) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runCampaignSending(db, channels);
      if (report.sent + report.held + report.failed + report.finished > 0) log(`Campaigns: ${JSON.stringify(report)}`);
    } catch (error) {
      console.error("The campaign job failed:", error);
    } finally {
      running = false;
    }
  };
  setInterval(run, CAMPAIGN_INTERVAL_MS).unref();
}
