// Outreach campaigns (issue 21): a police force texts the numbers found in an investigation,
// offering support from a partner provider. Creating one, its text (checked by the wording
// rules, approved by an administrator), the list of numbers (normalised, de-duplicated and
// checked against opt-outs and other campaigns' recent texts) and the moves between statuses.
// Sending, opt-outs, delivery receipts and erasing the numbers: campaign-sending.server.ts.
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db, Queryable } from "#db/connection";
import {
  areas,
  campaignNumbers,
  campaignTemplateReviews,
  campaigns,
  doNotContact,
  organisations,
  users,
  type CampaignStatus,
} from "#db/schema";
import { parseCsv } from "~/utils/csv-read.server";
import { newId } from "~/utils/ids";
import { recordAudit, type ActorAudit } from "./audit.server";
import { previewCampaignText, type CampaignPreview, type WordingContext } from "./campaign-wording";
import {
  CAMPAIGN_MOVES,
  canEditTemplate,
  canMove,
  canUploadNumbers,
  DROP_REASONS,
  MAX_CAMPAIGN_NUMBERS,
  RECENTLY_MESSAGED_DAYS,
  type CampaignMove,
  type CampaignProgress,
  type DropReason,
  type UploadSummary,
} from "./campaigns";
import { DomainError } from "./errors";
import { appUrl } from "./messages.server";
import { numberHash, numberHashSecret } from "./number-hash.server";
import { mobileE164, numbersInFile } from "./phone-numbers";
import type { Resource } from "./permissions";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

export type Campaign = typeof campaigns.$inferSelect;

/** Four characters, no 0/O or 1/I/L: read off a phone screen and typed without mistakes. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function newCampaignCode(db: Queryable): string {
  for (let length = 4; ; length++) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
      if (!db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.code, code)).get()) return code;
    }
  }
}

/** The link in every text of the campaign: it names the campaign, never the person. */
export const campaignLink = (code: string) => appUrl(`/h/${code}`);

export function campaignResource(campaign: Campaign): Resource {
  return {
    type: "campaign",
    policeOrganisationId: campaign.policeOrganisationId,
    providerOrganisationId: campaign.providerOrganisationId,
    commissionerOrganisationId: campaign.commissionerOrganisationId,
  };
}

export function getCampaign(db: Queryable, id: string): Campaign | undefined {
  return db.select().from(campaigns).where(eq(campaigns.id, id)).get();
}

export function getCampaignByCode(db: Queryable, code: string): Campaign | undefined {
  return db.select().from(campaigns).where(eq(campaigns.code, code.trim().toUpperCase())).get();
}

// ---------------------------------------------------------------- creating

export type CampaignChoices = {
  areas: { id: string; name: string }[];
  providers: { id: string; name: string }[];
  commissioners: { id: string; name: string }[];
};

export function campaignChoices(db: Queryable): CampaignChoices {
  const orgs = (kind: "referral_provider" | "commissioner") =>
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.kind, kind), eq(organisations.isActive, true)))
      .orderBy(asc(organisations.name))
      .all();
  return {
    areas: db
      .select({ id: areas.id, name: areas.name })
      .from(areas)
      .where(eq(areas.kind, "local_authority"))
      .orderBy(asc(areas.name))
      .all(),
    providers: orgs("referral_provider"),
    commissioners: orgs("commissioner"),
  };
}

export type NewCampaign = {
  name: string;
  investigationReference: string;
  areaId: string;
  providerOrganisationId: string;
  commissionerOrganisationId: string | null;
  template: string;
  ratePerMinute: number;
  retentionDays: number;
};

/** Ids from the form are checked against the lists the form offered: nothing else is taken. */
function checkPartners(
  db: Queryable,
  input: Pick<NewCampaign, "areaId" | "providerOrganisationId" | "commissionerOrganisationId">,
) {
  const choices = campaignChoices(db);
  if (!choices.areas.some((a) => a.id === input.areaId))
    throw new DomainError("Choose the area from the list.", { field: "areaId", status: 400 });
  if (!choices.providers.some((p) => p.id === input.providerOrganisationId))
    throw new DomainError("Choose the partner provider from the list.", {
      field: "providerOrganisationId",
      status: 400,
    });
  if (input.commissionerOrganisationId && !choices.commissioners.some((c) => c.id === input.commissionerOrganisationId))
    throw new DomainError("Choose the commissioner from the list.", {
      field: "commissionerOrganisationId",
      status: 400,
    });
}

export function createCampaign(db: Db, audit: ActorAudit, input: NewCampaign, now = new Date()): string {
  return db.transaction((tx) => {
    checkPartners(tx, input);
    const id = newId();
    tx.insert(campaigns)
      .values({
        id,
        name: input.name,
        code: newCampaignCode(tx),
        policeOrganisationId: audit.organisationId,
        providerOrganisationId: input.providerOrganisationId,
        commissionerOrganisationId: input.commissionerOrganisationId,
        areaId: input.areaId,
        status: "draft",
        investigationReference: input.investigationReference,
        template: input.template,
        ratePerMinute: input.ratePerMinute,
        retentionDays: input.retentionDays,
        createdByUserId: audit.userId,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      })
      .run();
    // The investigation reference stays out of the audit log: administrators read it.
    recordAudit(tx, audit, {
      action: "campaign.create",
      recordType: "campaign",
      recordId: id,
      detail: { name: input.name },
    });
    return id;
  });
}

// ---------------------------------------------------------------- the text

/** Who the text may name as its sender: the force and the partner provider. */
export function wordingContext(db: Queryable, campaign: Campaign): WordingContext {
  const names = db
    .select({ name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [campaign.policeOrganisationId, campaign.providerOrganisationId]))
    .all()
    .map((o) => o.name);
  return { senderNames: names };
}

export function campaignPreview(db: Queryable, campaign: Campaign): CampaignPreview {
  return previewCampaignText(campaign.template, campaignLink(campaign.code), wordingContext(db, campaign));
}

/** A changed text goes back to draft: an approval is of the exact words approved. */
export function updateTemplate(db: Db, audit: ActorAudit, campaignId: string, template: string, now = new Date()) {
  db.transaction((tx) => {
    const campaign = getCampaign(tx, campaignId);
    if (!campaign) throw new DomainError("Campaign not found", { status: 404 });
    if (!canEditTemplate(campaign.status))
      throw new DomainError("The text cannot change once sending has started.", { field: "template" });
    if (campaign.template === template) return;
    tx.update(campaigns)
      .set({ template, status: "draft", updatedAt: now.toISOString() })
      .where(eq(campaigns.id, campaignId))
      .run();
    recordAudit(tx, audit, {
      action: "campaign.update-template",
      recordType: "campaign",
      recordId: campaignId,
      detail: { template },
    });
  });
}

export type TemplateReview = typeof campaignTemplateReviews.$inferSelect;

export function latestReview(
  db: Queryable,
  campaignId: string,
): (TemplateReview & { reviewerName: string }) | undefined {
  return db
    .select({ review: campaignTemplateReviews, reviewerName: users.name })
    .from(campaignTemplateReviews)
    .innerJoin(users, eq(users.id, campaignTemplateReviews.reviewedByUserId))
    .where(eq(campaignTemplateReviews.campaignId, campaignId))
    .orderBy(desc(campaignTemplateReviews.reviewedAt))
    .limit(1)
    .all()
    .map((r) => ({ ...r.review, reviewerName: r.reviewerName }))[0];
}

/**
 * An administrator's decision on the text. Approval is refused while any wording rule is
 * broken (the rules are checked again here, not only on the form); a refusal needs a reason,
 * which the police user sees on the campaign.
 */
export function reviewTemplate(
  db: Db,
  audit: ActorAudit,
  campaignId: string,
  decision: { approve: true } | { approve: false; reason: string },
  now = new Date(),
) {
  db.transaction((tx) => {
    const campaign = getCampaign(tx, campaignId);
    if (!campaign) throw new DomainError("Campaign not found", { status: 404 });
    if (campaign.status !== "awaiting_approval")
      throw new DomainError("This campaign's text is not waiting for approval.", { field: "decision" });
    if (decision.approve) {
      const problems = campaignPreview(tx, campaign).problems;
      if (problems.length)
        throw new DomainError(`The text breaks the wording rules, so it cannot be approved: ${problems[0].message}`, {
          field: "decision",
        });
    } else if (!decision.reason.trim()) {
      throw new DomainError("Say why the text is refused, so the police user can change it.", {
        field: "reason",
        status: 400,
      });
    }
    tx.insert(campaignTemplateReviews)
      .values({
        id: newId(),
        campaignId,
        template: campaign.template,
        decision: decision.approve ? "approved" : "refused",
        reason: decision.approve ? null : decision.reason.trim(),
        reviewedByUserId: audit.userId,
        reviewedAt: now.toISOString(),
      })
      .run();
    tx.update(campaigns)
      .set({ status: CAMPAIGN_MOVES[decision.approve ? "approve" : "refuse"].to, updatedAt: now.toISOString() })
      .where(eq(campaigns.id, campaignId))
      .run();
    recordAudit(tx, audit, {
      action: decision.approve ? "campaign.approve" : "campaign.refuse",
      recordType: "campaign",
      recordId: campaignId,
      detail: decision.approve ? {} : { reason: decision.reason.trim() },
    });
  });
}

// ---------------------------------------------------------------- the numbers

type Checked = { e164: string; hash: string };

/** `column in (the given values)`, as one JSON parameter however many values there are. */
const inList = (column: SQLiteColumn, values: string[]) =>
  sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;

/** Hashes (of those given) that opted out of any campaign. */
export function optedOutHashes(db: Queryable, hashes: string[]): Set<string> {
  if (!hashes.length) return new Set();
  return new Set(
    db
      .select({ hash: doNotContact.numberHash })
      .from(doNotContact)
      .where(inList(doNotContact.numberHash, hashes))
      .all()
      .map((r) => r.hash),
  );
}

/** Hashes (of those given) another campaign texted since `since` (sent, or kept in the Outbox). */
export function recentlyMessagedHashes(
  db: Queryable,
  campaignId: string,
  hashes: string[],
  since: string,
): Set<string> {
  if (!hashes.length) return new Set();
  return new Set(
    db
      .select({ hash: campaignNumbers.numberHash })
      .from(campaignNumbers)
      .where(
        and(
          inList(campaignNumbers.numberHash, hashes),
          ne(campaignNumbers.campaignId, campaignId),
          isNotNull(campaignNumbers.sentAt),
          gte(campaignNumbers.sentAt, since),
        ),
      )
      .all()
      .map((r) => r.hash),
  );
}

export const recentlyMessagedSince = (now: Date) =>
  new Date(now.getTime() - RECENTLY_MESSAGED_DAYS * 86400_000).toISOString();

/**
 * Reads a file of numbers and decides, for each, whether the campaign keeps it: a mobile in
 * E.164, once, not already in the list, not opted out of any campaign, not texted by another
 * campaign in the last 90 days. Writes nothing.
 */
export function checkNumbers(
  db: Queryable,
  campaignId: string,
  file: { name: string; text: string },
  now = new Date(),
): { kept: Checked[]; summary: UploadSummary } {
  // A plain list (no quotes, no commas: most TXT files) is its lines; anything else is read as CSV.
  const plain = !/[",]/.test(file.text);
  const parsed = plain
    ? {
        ok: true as const,
        rows: file.text
          .replace(/^\ufeff/, "")
          .split(/\r\n|\n|\r/)
          .map((line) => [line]),
      }
    : parseCsv(file.text);
  if (!parsed.ok) throw new DomainError(parsed.problem, { field: "file", status: 400 });
  const lines = numbersInFile(parsed.rows);
  if (!lines.length)
    throw new DomainError("The file holds no numbers. Upload a CSV or TXT file with one phone number a line.", {
      field: "file",
      status: 400,
    });
  const dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
  const notMobileLines: number[] = [];
  const secret = numberHashSecret();
  const seen = new Set<string>();
  const candidates: Checked[] = [];
  for (const { line, raw } of lines) {
    const e164 = mobileE164(raw);
    if (!e164) {
      dropped.not_a_mobile += 1;
      if (notMobileLines.length < 20) notMobileLines.push(line);
      continue;
    }
    if (seen.has(e164)) {
      dropped.repeated += 1;
      continue;
    }
    seen.add(e164);
    candidates.push({ e164, hash: numberHash(e164, secret) });
  }
  const hashes = candidates.map((c) => c.hash);
  const inCampaign = new Set(
    hashes.length
      ? db
          .select({ hash: campaignNumbers.numberHash })
          .from(campaignNumbers)
          .where(and(eq(campaignNumbers.campaignId, campaignId), inList(campaignNumbers.numberHash, hashes)))
          .all()
          .map((r) => r.hash)
      : [],
  );
  const optedOut = optedOutHashes(db, hashes);
  const recent = recentlyMessagedHashes(db, campaignId, hashes, recentlyMessagedSince(now));
  const kept: Checked[] = [];
  for (const c of candidates) {
    if (inCampaign.has(c.hash)) dropped.already_in_campaign += 1;
    else if (optedOut.has(c.hash)) dropped.opted_out += 1;
    else if (recent.has(c.hash)) dropped.recently_messaged += 1;
    else kept.push(c);
  }
  return {
    kept,
    summary: {
      fileName: file.name.slice(0, 200),
      read: lines.length,
      kept: kept.length,
      dropped,
      notMobileLines,
      at: now.toISOString(),
    },
  };
}

/** Adds a file's numbers to the campaign's list, all or none, and keeps the summary on it. */
export function uploadNumbers(
  db: Db,
  audit: ActorAudit,
  campaignId: string,
  file: { name: string; text: string },
  now = new Date(),
): UploadSummary {
  return db.transaction((tx) => {
    const campaign = getCampaign(tx, campaignId);
    if (!campaign) throw new DomainError("Campaign not found", { status: 404 });
    if (!canUploadNumbers(campaign.status))
      throw new DomainError("Numbers cannot be added once sending has started.", { field: "file" });
    const { kept, summary } = checkNumbers(tx, campaignId, file, now);
    const held = tx
      .select({ n: sql<number>`count(*)` })
      .from(campaignNumbers)
      .where(eq(campaignNumbers.campaignId, campaignId))
      .get()!.n;
    if (held + kept.length > MAX_CAMPAIGN_NUMBERS)
      throw new DomainError(
        `A campaign holds at most ${MAX_CAMPAIGN_NUMBERS.toLocaleString("en-GB")} numbers; this file would make ${(held + kept.length).toLocaleString("en-GB")}.`,
        { field: "file", status: 400 },
      );
    const at = now.toISOString();
    // One prepared statement on the transaction's own connection: drizzle's builder would spend
    // longer composing 10,000 rows than SQLite takes to write them.
    const insert = db.$client.prepare(
      "INSERT INTO campaign_numbers (id, campaign_id, phone, number_hash, created_at) VALUES (?, ?, ?, ?, ?)",
    );
    for (const c of kept) insert.run(newId(), campaignId, c.e164, c.hash, at);
    tx.update(campaigns)
      .set({ uploadSummary: summary, numbersUploadedAt: at, updatedAt: at })
      .where(eq(campaigns.id, campaignId))
      .run();
    recordAudit(tx, audit, {
      action: "campaign.upload-numbers",
      recordType: "campaign",
      recordId: campaignId,
      detail: { read: summary.read, kept: summary.kept, dropped: summary.dropped },
    });
    return summary;
  });
}

// ---------------------------------------------------------------- moving between statuses

/** The police user's moves (ask for approval, start, pause, resume, stop). */
export function moveCampaign(
  db: Db,
  audit: ActorAudit,
  campaignId: string,
  move: Exclude<CampaignMove, "approve" | "refuse" | "finish">,
  now = new Date(),
) {
  db.transaction((tx) => {
    const campaign = getCampaign(tx, campaignId);
    if (!campaign) throw new DomainError("Campaign not found", { status: 404 });
    if (!canMove(campaign.status, move))
      throw new DomainError(`A campaign that is ${campaign.status.replace("_", " ")} cannot do that.`, {
        field: "form",
      });
    const at = now.toISOString();
    if (move === "request-approval") {
      const problems = campaignPreview(tx, campaign).problems;
      if (problems.length)
        throw new DomainError(`Change the text first: ${problems[0].message}`, { field: "template", status: 400 });
    }
    if (move === "start" && !countNumbers(tx, campaignId, "queued"))
      throw new DomainError("Upload the numbers to text first.", { field: "form", status: 400 });
    const to: CampaignStatus = CAMPAIGN_MOVES[move].to;
    tx.update(campaigns)
      .set({
        status: to,
        updatedAt: at,
        ...(move === "start" ? { sendingStartedAt: at } : {}),
        ...(move === "stop" ? { sendingFinishedAt: at } : {}),
      })
      .where(eq(campaigns.id, campaignId))
      .run();
    if (move === "stop")
      tx.update(campaignNumbers)
        .set({ status: "skipped", skipReason: "stopped" })
        .where(and(eq(campaignNumbers.campaignId, campaignId), eq(campaignNumbers.status, "queued")))
        .run();
    recordAudit(tx, audit, { action: `campaign.${move}`, recordType: "campaign", recordId: campaignId });
  });
}

function countNumbers(db: Queryable, campaignId: string, status: (typeof campaignNumbers.$inferSelect)["status"]) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(campaignNumbers)
    .where(and(eq(campaignNumbers.campaignId, campaignId), eq(campaignNumbers.status, status)))
    .get()!.n;
}

// ---------------------------------------------------------------- reading

/** Counts of the list's numbers by how far they got: the progress bar and the results. */
export function campaignProgress(db: Queryable, campaignId: string): CampaignProgress {
  const row = db
    .select({
      total: sql<number>`count(*)`,
      waiting: sql<number>`coalesce(sum(${campaignNumbers.status} in ('queued', 'sending')), 0)`,
      sent: sql<number>`coalesce(sum(${campaignNumbers.status} = 'sent'), 0)`,
      held: sql<number>`coalesce(sum(${campaignNumbers.status} = 'held'), 0)`,
      failed: sql<number>`coalesce(sum(${campaignNumbers.status} = 'failed'), 0)`,
      skipped: sql<number>`coalesce(sum(${campaignNumbers.status} = 'skipped'), 0)`,
      delivered: sql<number>`coalesce(sum(${campaignNumbers.deliveryStatus} = 'delivered'), 0)`,
      notWorking: sql<number>`coalesce(sum(${campaignNumbers.deliveryStatus} = 'permanent-failure' or ${campaignNumbers.skipReason} = 'not_working'), 0)`,
    })
    .from(campaignNumbers)
    .where(eq(campaignNumbers.campaignId, campaignId))
    .get()!;
  const optedOut = db
    .select({ n: sql<number>`count(*)` })
    .from(doNotContact)
    .where(eq(doNotContact.campaignId, campaignId))
    .get()!.n;
  const done = row.total - row.waiting;
  return { ...row, optedOut, percentDone: row.total ? Math.floor((done / row.total) * 100) : 0 };
}

export type CampaignListItem = Pick<Campaign, "id" | "name" | "code" | "status" | "createdAt" | "updatedAt"> & {
  policeName: string;
  providerName: string;
};

function listCampaigns(db: Queryable, where: ReturnType<typeof eq> | undefined): CampaignListItem[] {
  const provider = sql.raw(`"provider"`);
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      code: campaigns.code,
      status: campaigns.status,
      createdAt: campaigns.createdAt,
      updatedAt: campaigns.updatedAt,
      policeName: organisations.name,
      providerName: sql<string>`(select ${provider}.name from organisations ${provider} where ${provider}.id = ${campaigns.providerOrganisationId})`,
    })
    .from(campaigns)
    .innerJoin(organisations, eq(organisations.id, campaigns.policeOrganisationId))
    .where(where)
    .orderBy(desc(campaigns.updatedAt))
    .all();
}

export const listCampaignsOfForce = (db: Queryable, policeOrganisationId: string) =>
  listCampaigns(db, eq(campaigns.policeOrganisationId, policeOrganisationId));

/** Administrators: every campaign, those waiting for approval first. */
export function listCampaignsForApproval(db: Queryable): CampaignListItem[] {
  const all = listCampaigns(db, undefined);
  return [
    ...all.filter((c) => c.status === "awaiting_approval"),
    ...all.filter((c) => c.status !== "awaiting_approval"),
  ];
}

/** A campaign as anyone but its own force may see it: without the investigation reference. */
export function campaignForPartners(campaign: Campaign): Omit<Campaign, "investigationReference"> {
  const { investigationReference: _kept, ...rest } = campaign;
  return rest;
}

export function campaignNames(db: Queryable, campaign: Campaign) {
  const name = (id: string | null) =>
    id
      ? (db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, id)).get()?.name ?? "")
      : "";
  return {
    police: name(campaign.policeOrganisationId),
    provider: name(campaign.providerOrganisationId),
    commissioner: name(campaign.commissionerOrganisationId),
    area: campaign.areaId
      ? (db.select({ name: areas.name }).from(areas).where(eq(areas.id, campaign.areaId)).get()?.name ?? "")
      : "",
  };
}

/** Everything the campaign's pages show, for its force (with the investigation reference) or an administrator (without). */
export function campaignPageData(db: Queryable, campaign: Campaign, viewer: "force" | "administrator") {
  const review = latestReview(db, campaign.id);
  return {
    campaign: viewer === "force" ? campaign : { ...campaignForPartners(campaign), investigationReference: null },
    names: campaignNames(db, campaign),
    link: campaignLink(campaign.code),
    preview: campaignPreview(db, campaign),
    progress: campaignProgress(db, campaign.id),
    review: review
      ? {
          decision: review.decision,
          reason: review.reason,
          reviewedAt: review.reviewedAt,
          reviewerName: review.reviewerName,
          // A review of other words than the text now held is history, not the text's standing.
          current: review.template === campaign.template,
        }
      : null,
  };
}
