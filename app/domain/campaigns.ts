// Outreach campaigns (issue 21): what a campaign may do in each status, and the words the pages
// use. Pure: the campaign pages, the sending job and the tests all ask here.
import type { CampaignStatus, CampaignUploadSummary } from "#db/schema";

export const campaignStatusLabels: Record<CampaignStatus, string> = {
  draft: "Draft",
  awaiting_approval: "Waiting for approval",
  approved: "Approved",
  sending: "Sending",
  paused: "Paused",
  stopped: "Stopped",
  finished: "Finished",
};

/** The moves a police user or an administrator can make, and from which statuses. */
export const CAMPAIGN_MOVES = {
  /** Ask an administrator to approve the text. */
  "request-approval": { from: ["draft"], to: "awaiting_approval" },
  approve: { from: ["awaiting_approval"], to: "approved" },
  refuse: { from: ["awaiting_approval"], to: "draft" },
  start: { from: ["approved"], to: "sending" },
  pause: { from: ["sending"], to: "paused" },
  resume: { from: ["paused"], to: "sending" },
  stop: { from: ["sending", "paused", "approved"], to: "stopped" },
  finish: { from: ["sending"], to: "finished" },
} as const satisfies Record<string, { from: readonly CampaignStatus[]; to: CampaignStatus }>;
export type CampaignMove = keyof typeof CAMPAIGN_MOVES;

export const canMove = (status: CampaignStatus, move: CampaignMove) =>
  (CAMPAIGN_MOVES[move].from as readonly CampaignStatus[]).includes(status);

/** The text and the list can change until sending starts; a changed text needs approval again. */
export const canEditTemplate = (status: CampaignStatus) =>
  status === "draft" || status === "awaiting_approval" || status === "approved";
export const canUploadNumbers = (status: CampaignStatus) =>
  status === "draft" || status === "awaiting_approval" || status === "approved";

/** Notify sends at most 3,000 texts a minute for a service (shared with Pathway's other texts). */
export const MAX_RATE_PER_MINUTE = 3000;
export const DEFAULT_RATE_PER_MINUTE = 600;
export const DEFAULT_RETENTION_DAYS = 14;
export const MAX_RETENTION_DAYS = 60;
/** A number another campaign texted this recently is not texted again. */
export const RECENTLY_MESSAGED_DAYS = 90;
/** Most numbers one campaign may hold. */
export const MAX_CAMPAIGN_NUMBERS = 50_000;

export const DROP_REASONS = [
  "not_a_mobile",
  "repeated",
  "already_in_campaign",
  "opted_out",
  "recently_messaged",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const dropReasonLabels: Record<DropReason, string> = {
  not_a_mobile: "Not a mobile number a text can go to",
  repeated: "Repeated in the file",
  already_in_campaign: "Already in this campaign's list",
  opted_out: "Asked not to get these texts (replied STOP or chose “stop messages” in an earlier campaign)",
  recently_messaged: `Texted by another campaign in the last ${RECENTLY_MESSAGED_DAYS} days`,
};

/** What an upload did: counts only (and line numbers), never the numbers themselves. */
export type UploadSummary = CampaignUploadSummary & { dropped: Record<DropReason, number> };

/** Why a number in a campaign's list was not texted. */
export const SKIP_REASONS = ["opted_out", "recently_messaged", "stopped", "not_working"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export const skipReasonLabels: Record<SkipReason, string> = {
  opted_out: "Asked not to get these texts",
  recently_messaged: `Texted by another campaign in the last ${RECENTLY_MESSAGED_DAYS} days`,
  stopped: "The campaign was stopped first",
  not_working: "Notify refused the number",
};

export type CampaignProgress = {
  total: number;
  waiting: number;
  sent: number;
  /** Kept in the Outbox: no text channel is set up (development, demos). */
  held: number;
  failed: number;
  skipped: number;
  delivered: number;
  /** Delivery receipts saying the number does not work. */
  notWorking: number;
  optedOut: number;
  /** Whole percent of the list dealt with (sent, held, failed or skipped). */
  percentDone: number;
};
