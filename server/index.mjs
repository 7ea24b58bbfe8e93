// Starts Pathway's server. In production, one process per core (PATHWAY_WORKERS, default the
// cores available) through node:cluster: the primary migrates the database once, notes that the
// database is in use, forks the workers, replaces one that dies and drains them on SIGTERM.
// Exactly one worker (index 0, and its replacement) runs the hourly background jobs and keeps the
// monthly figures up to date; every worker starts its figures thread for dashboards. The sign-in
// rate limit is kept in the database so that every worker counts the same attempts.
import cluster from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createHttpApp } from "./http-app.mjs";
import { sqliteAttemptStore } from "./sign-in-rate-limit.mjs";

// Where the built app is: read before anything else, since the rest is read through the build.
const buildDirectory = process.env.BUILD_DIR ?? "build";
const isProduction = process.env.NODE_ENV === "production";

const viteDevServer = isProduction
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const loadBuild = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
  : async () => import(new URL(`../${buildDirectory}/server/index.js`, import.meta.url).href);

const build = await loadBuild();
/** @type {{ serverEnv: (cores: number) => any, migrateOnce: () => void, startBackgroundJobs: (o: { runsJobs: boolean }) => boolean }} */
const entry = build.entry.module;

let env;
try {
  env = entry.serverEnv(os.availableParallelism());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const databasePath = path.resolve(env.DATABASE_PATH);

if (cluster.isPrimary) {
  entry.migrateOnce();
  markDatabaseInUse();
  if (env.PATHWAY_WORKERS > 1) startWorkers(env.PATHWAY_WORKERS);
  else serve({ runsBackgroundJobs: true });
} else {
  serve({ runsBackgroundJobs: process.env.PATHWAY_WORKER_INDEX === "0" });
}

function serve({ runsBackgroundJobs }) {
  const sqlite = new Database(databasePath);
  sqlite.pragma("busy_timeout = 5000");
  const app = createHttpApp({
    build: viteDevServer ? loadBuild : build,
    env,
    buildDirectory,
    viteDevServer,
    signInAttempts: sqliteAttemptStore(sqlite),
  });
  const server = app.listen(env.PORT, env.HOST, () => {
    entry.startBackgroundJobs({ runsJobs: runsBackgroundJobs });
    if (cluster.isPrimary)
      console.log(`Pathway is running at http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`);
  });
  // Stop taking connections, let the requests under way finish, then leave.
  const drain = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  if (cluster.isWorker) process.on("disconnect", drain);
  else for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, drain);
}

function startWorkers(count) {
  // Workers run this file, not the script that imported it (npm run demo and the e2e server seed
  // the database first: a worker must not do that again).
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  let stopping = false;
  const indexOf = new Map();
  const fork = (index) => {
    // Only worker 0 may run the jobs: the others' figures threads must not.
    const worker = cluster.fork({
      PATHWAY_WORKER_INDEX: String(index),
      ...(index === 0 ? {} : { PATHWAY_MAINTENANCE: "off" }),
    });
    indexOf.set(worker.id, index);
  };
  for (let i = 0; i < count; i++) fork(i);
  let ready = 0;
  cluster.on("listening", () => {
    if (++ready === count)
      console.log(
        `Pathway is running at http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT} (${count} processes)`,
      );
  });
  cluster.on("exit", (worker, code, signal) => {
    const index = indexOf.get(worker.id);
    indexOf.delete(worker.id);
    if (stopping) return;
    console.error(`Server process ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`);
    setTimeout(() => fork(index), 1_000).unref();
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.disconnect();
      const check = setInterval(() => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      }, 100);
      setTimeout(() => process.exit(0), 12_000).unref();
      check.unref?.();
    });
  }
}

// A note next to the database saying a server has it open, so that `npm run restore` can
// refuse to swap the file under a running server. Only the primary writes it and removes it on
// exit. A stale note (after a crash) is recognised by its process id no longer running.
function markDatabaseInUse() {
  const note = `${databasePath}.server.json`;
  try {
    fs.mkdirSync(path.dirname(note), { recursive: true });
    fs.writeFileSync(note, JSON.stringify({ pid: process.pid, port: env.PORT, startedAt: new Date().toISOString() }));
  } catch (error) {
    console.error("Could not note that the database is in use:", error);
    return;
  }
  process.on("exit", () => {
    try {
      if (JSON.parse(fs.readFileSync(note, "utf8")).pid === process.pid) fs.rmSync(note);
    } catch {
      // Already gone.
    }
  });
}
