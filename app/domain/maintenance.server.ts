// The jobs the running server does on its own, at start and every hour: retention, closing
// accounts nobody has used for a while, and telling people about overdue feedback. Each job
// is also a function a command or a test can call with its own clock.
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { users } from "#db/schema";
import { env } from "~/utils/env.server";
import { recordAudit } from "./audit.server";
import { eraseCampaignNumbers, scheduleCampaignSending } from "./campaign-sending.server";
import { channelsFromEnv, type Channels } from "./message-channels.server";
import { queueDailyAlertDigests, queueOverdueDigests, runMessageJob } from "./messages.server";
import { notifyOverdueFeedback } from "./overdue.server";
import { applyRetention } from "./retention.server";
import { endAllSessionsOfUser } from "./sessions.server";
import { getSetting } from "./settings.server";

const latest = (...times: (string | null)[]) =>
  times
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1) ?? "";

/**
 * Deactivates accounts unused for longer than the inactive_account_days setting (90 by
 * default): no sign-in, and no change by an administrator (inviting, reactivating, editing),
 * in that time. Their sessions end. The last active administrator is never deactivated, so
 * someone can always reactivate the others.
 */
export function deactivateInactiveAccounts(db: Db, now = new Date()): { deactivated: number } {
  const days = getSetting(db, "inactive_account_days");
  const cutoff = new Date(now.getTime() - days * 86400_000).toISOString();
  return db.transaction((tx) => {
    const active = tx.select().from(users).where(eq(users.isActive, true)).all();
    let administratorsLeft = active.filter((u) => u.role === "administrator").length;
    let deactivated = 0;
    for (const user of active) {
      const lastUsedAt = latest(user.lastSignInAt, user.createdAt, user.updatedAt);
      if (lastUsedAt >= cutoff) continue;
      if (user.role === "administrator") {
        if (administratorsLeft <= 1) continue;
        administratorsLeft -= 1;
      }
      tx.update(users)
        .set({ isActive: false, updatedAt: now.toISOString() })
        .where(and(eq(users.id, user.id), eq(users.isActive, true)))
        .run();
      endAllSessionsOfUser(db, user.id);
      recordAudit(
        tx,
        { organisationId: user.organisationId },
        {
          action: "user.deactivate-inactive",
          recordType: "user",
          recordId: user.id,
          detail: { lastUsedAt, inactiveAccountDays: days },
        },
      );
      deactivated += 1;
    }
    return { deactivated };
  });
}

export type MaintenanceReport = {
  retention: { anonymised: number } | { error: string };
  campaignNumbers: { campaigns: number; numbers: number } | { error: string };
  inactiveAccounts: { deactivated: number } | { error: string };
  overdueFeedback: { notified: number } | { error: string };
  overdueDigests: { queued: number } | { error: string };
  alertDigests: { queued: number } | { error: string };
};

/** Every job once. One failing does not stop the others; the failure is logged, not thrown. */
export function runMaintenance(db: Db, now = new Date()): MaintenanceReport {
  const attempt = <T>(name: string, job: () => T): T | { error: string } => {
    try {
      return job();
    } catch (error) {
      console.error(`Maintenance job "${name}" failed:`, error);
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
  return {
    retention: attempt("retention", () => {
      const { anonymised } = applyRetention(db, now);
      return { anonymised };
    }),
    campaignNumbers: attempt("campaign numbers", () => eraseCampaignNumbers(db, now)),
    inactiveAccounts: attempt("inactive accounts", () => deactivateInactiveAccounts(db, now)),
    overdueFeedback: attempt("overdue feedback", () => notifyOverdueFeedback(db, now)),
    overdueDigests: attempt("overdue digests", () => queueOverdueDigests(db, now)),
    alertDigests: attempt("alert digests", () => queueDailyAlertDigests(db, now)),
  };
}

export const MAINTENANCE_INTERVAL_MS = 60 * 60_000;
/** How often the message job looks for messages to send. */
export const MESSAGE_INTERVAL_MS = 30_000;

/**
 * Whether this process should run the jobs on its own: a server, not a test run, and not
 * turned off with PATHWAY_MAINTENANCE=off (for a second server on the same database, say).
 * The end-to-end test server is recognised by its database, which scripts/e2e-server.mjs
 * insists is under tests/.tmp: its tests expect the demo data exactly as seeded.
 */
export function isMaintenanceScheduled(env: Record<string, string | undefined> = process.env): boolean {
  if (env.PATHWAY_MAINTENANCE === "off") return false;
  if (env.NODE_ENV === "test" || env.VITEST) return false;
  if ((env.DATABASE_PATH ?? "").replace(/\\/g, "/").includes("tests/.tmp/")) return false;
  return true;
}

/** Starts the jobs: soon after start, then hourly. Timers never keep the process alive. */
export function scheduleMaintenance(db: Db, log: (line: string) => void = console.log) {
  const run = () => {
    const started = Date.now();
    const report = runMaintenance(db);
    const parts = Object.entries(report).map(([job, result]) => `${job} ${JSON.stringify(result)}`);
    log(`Maintenance done in ${Date.now() - started} ms: ${parts.join(", ")}`);
  };
  // A few seconds after start, so the first requests are not kept waiting.
  setTimeout(run, 5_000).unref();
  setInterval(run, MAINTENANCE_INTERVAL_MS).unref();
  const channels = channelsFromEnv(env());
  scheduleMessages(db, channels, log);
  scheduleCampaignSending(db, channels, log);
}

/** The message job every 30 seconds; a run still sending when the next is due is let finish. */
export function scheduleMessages(db: Db, channels: Channels, log: (line: string) => void = console.log) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runMessageJob(db, channels);
      if (report.sent + report.held + report.failed + report.retrying + report.recovered > 0)
        log(`Messages: ${JSON.stringify(report)}`);
    } catch (error) {
      console.error("The message job failed:", error);
    } finally {
      running = false;
    }
  };
  setTimeout(run, 2_000).unref();
  setInterval(run, MESSAGE_INTERVAL_MS).unref();
}
