// Crash safety: a process writing referrals is killed with SIGKILL at random moments; after
// each kill the database must pass integrity_check, hold every referral whose commit the
// writer acknowledged, and keep its audit hash chain whole.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "#db/connection";
import * as schema from "#db/schema";
import { findBrokenAuditRow } from "~/domain/audit.server";
import { seedDemoWorld } from "#seed/demo-world";

const RUNS = 30;
// Inside the project, so the bundled writer finds better-sqlite3 in node_modules.
const workDir = path.resolve("tests/.tmp", `crash-${process.pid}`);
const template = path.join(workDir, "template.db");
const writer = path.join(workDir, "writer.mjs");

beforeAll(async () => {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const db = openDatabase(template);
  migrateDatabase(db);
  seedDemoWorld(db, "not-a-real-hash");
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  // One bundle of the writer and the domain code it calls, so each run starts plain node fast.
  await build({
    entryPoints: [path.resolve("tests/reliability/writer.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: writer,
    external: ["better-sqlite3"],
    tsconfig: path.resolve("tsconfig.json"),
    logLevel: "error",
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

type Run = { acknowledged: string[]; killedAfterMs: number };

/**
 * Starts the writer on its own copy of the database and kills it at a random moment: most
 * runs while it writes (up to 200 ms after its first commit), some while it is starting.
 */
function writeAndKill(file: string, label: number, { duringStartUp = false } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, String(label)], { stdio: ["ignore", "pipe", "pipe"] });
    const acknowledged: string[] = [];
    let buffered = "";
    let stderr = "";
    const killedAfterMs = Math.floor(Math.random() * (duringStartUp ? 100 : 200));
    let timer: ReturnType<typeof setTimeout> | undefined = duringStartUp
      ? setTimeout(() => child.kill("SIGKILL"), killedAfterMs)
      : undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      timer ??= setTimeout(() => child.kill("SIGKILL"), killedAfterMs);
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith("ack ")) acknowledged.push(line.slice(4));
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") return reject(new Error(`The writer stopped by itself (${code}): ${stderr}`));
      resolve({ acknowledged, killedAfterMs });
    });
  });
}

describe("crash safety", () => {
  it(`survives SIGKILL at ${RUNS} random moments with every acknowledged write kept`, async () => {
    let totalAcknowledged = 0;
    let runsWithWrites = 0;
    for (let i = 0; i < RUNS; i++) {
      const file = path.join(workDir, `run-${i}.db`);
      fs.copyFileSync(template, file);
      const { acknowledged } = await writeAndKill(file, i, { duringStartUp: i % 10 === 0 });
      totalAcknowledged += acknowledged.length;
      if (acknowledged.length) runsWithWrites += 1;

      // Reopen as the server would after the crash (recovering the write-ahead log).
      const sqlite = new Database(file);
      const integrity = sqlite.pragma("integrity_check", { simple: true });
      expect(integrity, `run ${i}`).toBe("ok");
      expect(sqlite.pragma("foreign_key_check")).toEqual([]);
      const present = new Set(
        (sqlite.prepare("SELECT id FROM arrest_referrals").all() as { id: string }[]).map((r) => r.id),
      );
      const missing = acknowledged.filter((id) => !present.has(id));
      expect(missing, `run ${i}: acknowledged but missing`).toEqual([]);
      // A referral is never half there: each has its episode, person and consent.
      const orphans = sqlite
        .prepare(
          `SELECT r.id FROM arrest_referrals r
           LEFT JOIN custody_episodes e ON e.id = r.custody_episode_id
           LEFT JOIN people p ON p.id = r.person_id
           WHERE e.id IS NULL OR p.id IS NULL
              OR NOT EXISTS (SELECT 1 FROM consents c WHERE c.arrest_referral_id = r.id)`,
        )
        .all();
      expect(orphans, `run ${i}`).toEqual([]);
      const db = Object.assign(drizzle(sqlite, { schema }), { $client: sqlite }) as Db;
      expect(findBrokenAuditRow(db), `run ${i}: audit chain`).toBeNull();
      sqlite.close();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    }
    // The kills must land while writing, not only before it started.
    expect(runsWithWrites).toBeGreaterThanOrEqual(RUNS * 0.8);
    expect(totalAcknowledged).toBeGreaterThan(RUNS);
    console.log(
      `crash test: ${RUNS} kills, ${runsWithWrites} during writing, ${totalAcknowledged} acknowledged referrals, all present`,
    );
    // Each run starts a Node process: a hang guard far beyond what a busy machine takes, not a speed check.
  }, 600_000);
});
