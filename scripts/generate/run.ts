// Builds a generated database from a scale, a seed and a "now": the schema (by the app's own
// migrations), the demo world (so the demo users can sign in), a larger world and its history.
// Loading runs with the journal off and indexes dropped, as nothing else may use the file
// until it is finished; the file is left in WAL mode, as the app expects.
import fs from "node:fs";
import { asc } from "drizzle-orm";
import { chainHash, findBrokenAuditRow } from "../../app/domain/audit.server";
import { markAllMonthsStale, refreshMonthlyFigures } from "../../app/domain/metrics/monthly-refresh.server";
import { hashPassword } from "../../app/domain/passwords.server";
import { getSetting } from "../../app/domain/settings.server";
import { migrateDatabase, openDatabase, type Db } from "../../db/connection";
import { auditEvents } from "../../db/schema";
import { DEMO_PASSWORD, seedDemoWorld } from "../seed/demo-world";
import { AuditLog } from "./audit-log";
import { generateHistory, type HistoryCounts } from "./history";
import { generateNaloxone } from "./naloxone";
import { buildWorld, SCALES, type ScaleName } from "./world";
import { Writer } from "./writer";

const GENESIS = "0".repeat(64);

export type GenerateOptions = {
  scale: ScaleName;
  seed: number;
  out: string;
  /** The moment the history runs up to. */
  now: Date;
  /** Run integrity_check, foreign_key_check and walk the audit chain afterwards. */
  check?: boolean;
  /** Sets the retention_years setting (tests use a short one to exercise anonymisation). */
  retentionYears?: number;
  progress?: (line: string) => void;
};

export type GenerateResult = {
  rows: Record<string, number>;
  history: HistoryCounts;
  anonymised: number;
  seconds: {
    world: number;
    history: number;
    indexes: number;
    retention: number;
    figures: number;
    checks: number;
    total: number;
  };
  bytes: number;
  checks: { integrity: string; foreignKeyProblems: number; brokenAuditRow: number | null } | null;
};

export async function generateDatabase(options: GenerateOptions): Promise<GenerateResult> {
  const scale = SCALES[options.scale];
  const progress = options.progress ?? (() => {});
  const started = performance.now();
  const seconds = (from: number) => Math.round(performance.now() - from) / 1000;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(options.out + suffix, { force: true });

  // The schema and the demo world, exactly as the app makes them.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let lastHash: string;
  let retentionYears: number;
  {
    const db = openDatabase(options.out);
    migrateDatabase(db);
    seedDemoWorld(db, passwordHash);
    if (options.retentionYears !== undefined) {
      db.$client
        .prepare("UPDATE settings SET value = ? WHERE key = 'retention_years'")
        .run(JSON.stringify(options.retentionYears));
    }
    retentionYears = getSetting(db, "retention_years");
    lastHash =
      (
        db.$client.prepare("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as
          { hash: string } | undefined
      )?.hash ?? GENESIS;
    db.$client.pragma("journal_mode = DELETE");
    db.$client.close();
  }

  const writer = new Writer(options.out, lastHash);
  const createdAt = new Date(options.now.getTime() - (scale.months + 2) * 31 * 86400_000).toISOString();
  const world = buildWorld(writer, scale, options.seed, passwordHash, createdAt, options.now.getTime());
  const worldSeconds = seconds(started);
  progress(
    `world: ${world.counts.centres + 6} custody centres, ${world.counts.areas + 9} areas, ${world.counts.organisations + 14} organisations, ` +
      `${world.counts.services + 12} services, ${world.counts.users + 7} users`,
  );

  const historyStarted = performance.now();
  const audit = new AuditLog(writer);
  const history = generateHistory({
    scale,
    seed: options.seed,
    nowMs: options.now.getTime(),
    world,
    writer,
    audit,
    progress,
  });
  progress("writing the last rows and building the indexes");
  // The app's retention rule (app/domain/retention.server.ts): last activity before now less the retention years.
  const cutoff = new Date(options.now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - retentionYears);
  const finished = await writer.finish(
    { nowIso: options.now.toISOString(), cutoffIso: cutoff.toISOString() },
    progress,
  );
  const historySeconds = seconds(historyStarted) - finished.indexSeconds - finished.retentionSeconds;

  // The commissioner figures for every centre-month, as the app keeps them on write.
  const figuresStarted = performance.now();
  {
    const db = openDatabase(options.out);
    checkAuditSample(db);
    const nfos = generateNaloxone(db, { world, scale, seed: options.seed, nowMs: options.now.getTime() });
    finished.rows.naloxone_reports = nfos;
    progress(`near-fatal overdoses: ${nfos} naloxone reports and their follow-ups`);
    markAllMonthsStale(db);
    let shown = 0;
    refreshMonthlyFigures(db, {}, (done, total) => {
      if (done === total || performance.now() - shown > 10_000) {
        shown = performance.now();
        progress(`commissioner figures: ${done} of ${total} centre-months`);
      }
    });
    db.$client.close();
  }
  const figuresSeconds = seconds(figuresStarted);

  let checks: GenerateResult["checks"] = null;
  const checksStarted = performance.now();
  if (options.check) {
    progress("checking: integrity_check, foreign_key_check and the audit chain");
    const db = openDatabase(options.out);
    const integrity = (db.$client.pragma("integrity_check") as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join("; ");
    const foreignKeyProblems = (db.$client.pragma("foreign_key_check") as unknown[]).length;
    const brokenAuditRow = findBrokenAuditRow(db);
    db.$client.close();
    checks = { integrity, foreignKeyProblems, brokenAuditRow };
  }
  return {
    history,
    rows: finished.rows,
    anonymised: finished.anonymised,
    seconds: {
      world: worldSeconds,
      history: historySeconds,
      indexes: finished.indexSeconds,
      retention: finished.retentionSeconds,
      figures: figuresSeconds,
      checks: seconds(checksStarted),
      total: seconds(started),
    },
    bytes: fs.statSync(options.out).size,
    checks,
  };
}

/** The writer's thread chains the hashes itself; its first rows must match the app's own chainHash. */
function checkAuditSample(db: Db) {
  let prevHash = GENESIS;
  for (const row of db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).limit(2000).all()) {
    if (row.prevHash !== prevHash || chainHash(prevHash, row) !== row.hash) {
      throw new Error(`Generated audit row ${row.seq} does not chain as app/domain/audit.server.ts chainHash does`);
    }
    prevHash = row.hash;
  }
}
