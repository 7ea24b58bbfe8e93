// Works out the commissioner figures (the dashboard, or one table for a CSV) on the figures
// thread (dashboard-worker.ts) when the production build has one, so the main thread keeps
// answering everyone else; requests wait their turn there, one at a time. The same thread runs
// the hourly maintenance jobs, which at national scale take tens of seconds. In development, in
// unit tests and on an in-memory database they run in-thread.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Db } from "#db/connection";
import { isMaintenanceScheduled } from "../maintenance.server";
import {
  buildDashboard,
  figureTable,
  type Dashboard,
  type DashboardInput,
  type PageRows,
  type ExportTableId,
} from "./dashboard.server";
import type { FiguresRequest } from "./dashboard-worker";
import type { FigureTable } from "./figure-table";

export type Thread = "figures worker" | "main";

type Waiting = { resolve: (result: unknown) => void; reject: (error: Error) => void };

// The figures add up stored months (a national view holds well under 64 MB) and the hourly jobs
// work through an hour's changes; a cap makes the thread collect its garbage rather than grow.
const FIGURES_HEAP_MB = 256;

let worker: { thread: Worker; databasePath: string } | undefined;
// Whether this process's figures thread brings the monthly figures up to date every minute: in
// one process of a multi-process server only (startFiguresThread), or two would work out the same
// months. The others' threads work out a stale month only when a dashboard reads it.
let keepsFiguresUpToDate = false;
const waiting = new Map<number, Waiting>();
let nextId = 1;

/** Beside the server bundle once built; absent when running from source. */
const workerFile = (() => {
  const file = fileURLToPath(new URL("./dashboard-worker.js", import.meta.url));
  return fs.existsSync(file) ? file : null;
})();

function failAll(error: Error) {
  for (const w of waiting.values()) w.reject(error);
  waiting.clear();
  worker = undefined;
}

function figuresThread(file: string, databasePath: string): Worker {
  if (worker?.databasePath === databasePath) return worker.thread;
  const maintenance = isMaintenanceScheduled();
  const thread = new Worker(file, {
    workerData: { databasePath, maintenance, keepsFiguresUpToDate },
    resourceLimits: { maxOldGenerationSizeMb: FIGURES_HEAP_MB },
  });
  thread.unref();
  thread.on("message", (message: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    if (message.error !== undefined) w.reject(new Error(`The figures could not be worked out: ${message.error}`));
    else w.resolve(message.result);
  });
  thread.on("error", (error) => failAll(error));
  thread.on("exit", (code) => {
    failAll(new Error(`The figures thread stopped (exit code ${code})`));
    // It also runs the hourly jobs: start it again rather than wait for the next dashboard.
    if (maintenance || keepsFiguresUpToDate) setTimeout(() => figuresThread(file, databasePath), 60_000).unref();
  });
  worker = { thread, databasePath };
  return thread;
}

async function onFiguresThread<T>(
  db: Db,
  request: FiguresRequest,
  inThread: () => T,
): Promise<{ result: T; thread: Thread }> {
  const file = workerFile;
  if (!file || db.$client.memory) return { result: inThread(), thread: "main" };
  const thread = figuresThread(file, db.$client.name);
  const id = nextId++;
  const result = await new Promise<unknown>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    thread.postMessage({ id, request });
  });
  return { result: result as T, thread: "figures worker" };
}

/**
 * Starts the figures thread now, where the production build has one, so that it runs the
 * hourly jobs off the main thread and has read what dashboards count from before the first one
 * is asked for. False where there is none (development, tests).
 */
export function startFiguresThread(db: Db, { keepsUpToDate }: { keepsUpToDate: boolean }): boolean {
  if (!workerFile || db.$client.memory) return false;
  keepsFiguresUpToDate = keepsUpToDate;
  figuresThread(workerFile, db.$client.name);
  return true;
}

/** The dashboard; with `rows`, cut for the page before it leaves the figures thread. */
export async function runDashboard(
  db: Db,
  input: DashboardInput,
  rows?: PageRows,
): Promise<Dashboard & { thread: Thread }> {
  const { result, thread } = await onFiguresThread(db, { input, rows }, () =>
    buildDashboard(db, input, undefined, rows),
  );
  return { ...result, thread };
}

export async function runFigureTable(db: Db, table: ExportTableId, input: DashboardInput): Promise<FigureTable> {
  return (await onFiguresThread(db, { input, table }, () => figureTable(db, table, input))).result;
}
