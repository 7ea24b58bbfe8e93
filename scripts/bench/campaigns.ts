// Outreach campaigns at scale (issue 21): a list of 10,000 numbers uploaded (read, normalised,
// de-duplicated, checked against opt-outs and other campaigns' recent texts, written), its text
// previewed, then sent through the Outbox channel by the campaign job at Notify's 3,000 a minute.
// On its own in-memory database, so the bench database is never changed.
// `npx tsx scripts/bench/campaigns.ts` runs it alone; `npm run bench` runs it too.
import { pathToFileURL } from "node:url";
import { migrateDatabase, openDatabase } from "#db/connection";
import { areas, organisations, users } from "#db/schema";
import { CAMPAIGN_INTERVAL_MS, runCampaignSending } from "~/domain/campaign-sending.server";
import { suggestedTemplate } from "~/domain/campaign-wording";
import {
  campaignPreview,
  createCampaign,
  getCampaign,
  moveCampaign,
  reviewTemplate,
  uploadNumbers,
} from "~/domain/campaigns.server";
import { outboxChannel } from "~/domain/message-channels.server";

export type CampaignBench = {
  numbers: number;
  /** Upload, check and write the list, then preview the text: the user's wait. */
  uploadCheckPreviewMs: number;
  /** A minute of the campaign job at 3,000 a minute through the Outbox channel: its runs' work. */
  sendMinuteMs: number;
  sentInMinute: number;
  /** The job's runs in that minute (one every CAMPAIGN_INTERVAL_MS, as the server schedules it). */
  runs: number;
  /**
   * The longest the thread was held in one stretch while sending (the largest gap between a 1 ms
   * timer's ticks). The server runs the job on its figures thread (beside the figures and the
   * hourly jobs), not on the thread that answers requests: this is how long a dashboard's figures
   * could wait behind it, and what a request would wait were the job on the request thread.
   */
  longestHoldMs: number;
};

export async function benchCampaigns(count = 10_000): Promise<CampaignBench> {
  const db = openDatabase(":memory:");
  migrateDatabase(db);
  db.insert(organisations)
    .values([
      { id: "bench-police", name: "Bench Police", kind: "police" },
      { id: "bench-provider", name: "Bench Support", kind: "referral_provider" },
      { id: "bench-operator", name: "Bench Operations", kind: "operator" },
    ])
    .run();
  db.insert(areas).values({ id: "bench-area", kind: "local_authority", name: "Bench Area", code: "BENCH" }).run();
  db.insert(users)
    .values([
      {
        id: "bench-officer",
        email: "officer@bench.invalid",
        name: "Officer",
        role: "custody_officer",
        organisationId: "bench-police",
      },
      {
        id: "bench-admin",
        email: "admin@bench.invalid",
        name: "Admin",
        role: "administrator",
        organisationId: "bench-operator",
      },
    ] as never)
    .run();
  const police = { userId: "bench-officer", organisationId: "bench-police" };
  const id = createCampaign(db, police, {
    name: "Bench campaign",
    investigationReference: "BENCH",
    areaId: "bench-area",
    providerOrganisationId: "bench-provider",
    commissionerOrganisationId: null,
    template: suggestedTemplate("Bench Police", "Bench Support"),
    ratePerMinute: 3000,
    retentionDays: 14,
  });
  // A realistic file: mixed formats, some repeats and some rubbish.
  const lines = Array.from({ length: count }, (_, i) => {
    const national = `7700${String(100000 + (i % Math.floor(count * 0.95))).padStart(6, "0")}`;
    return i % 50 === 0 ? "unknown" : i % 3 === 0 ? `+44 ${national}` : `0${national}`;
  });
  const started = performance.now();
  uploadNumbers(db, police, id, { name: "numbers.csv", text: `phone\n${lines.join("\n")}` });
  campaignPreview(db, getCampaign(db, id)!);
  const uploadCheckPreviewMs = performance.now() - started;

  moveCampaign(db, police, id, "request-approval");
  reviewTemplate(db, { userId: "bench-admin", organisationId: "bench-operator" }, id, { approve: true });
  moveCampaign(db, police, id, "start");
  const outbox = outboxChannel();
  // A timer every millisecond notes the gaps between its ticks: the longest gap is the longest
  // stretch in which nothing else (a request) could have run on this thread.
  let lastTick = performance.now();
  let longestHoldMs = 0;
  const ticker = setInterval(() => {
    const t = performance.now();
    longestHoldMs = Math.max(longestHoldMs, t - lastTick);
    lastTick = t;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  // As the server runs the job: every CAMPAIGN_INTERVAL_MS, sending that interval's share.
  const runs = Math.round(60_000 / CAMPAIGN_INTERVAL_MS);
  let sentInMinute = 0;
  const sendStarted = performance.now();
  for (let i = 0; i < runs; i++) {
    const report = await runCampaignSending(db, { email: outbox, sms: outbox });
    sentInMinute += report.held + report.sent;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const sendMinuteMs = performance.now() - sendStarted - runs * 5;
  // One more tick, so that a stretch that lasted to the end of the run is counted.
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  db.$client.close();
  return { numbers: count, uploadCheckPreviewMs, sendMinuteMs, sentInMinute, runs, longestHoldMs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await benchCampaigns();
  console.log(
    `Campaign of ${result.numbers.toLocaleString("en-GB")} numbers: upload, check and preview ${result.uploadCheckPreviewMs.toFixed(0)} ms (target under 5,000); a minute's sending (${result.sentInMinute} texts) took ${result.sendMinuteMs.toFixed(0)} ms of work, holding the thread at most ${result.longestHoldMs.toFixed(0)} ms at a time`,
  );
}
