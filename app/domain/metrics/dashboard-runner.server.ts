// Runs buildDashboard on the figures thread (dashboard-worker.ts) when the production build has
// one, so the main thread keeps answering everyone else; dashboards wait their turn there, one
// at a time. In development, in unit tests and on an in-memory database it runs in-thread.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Db } from "#db/connection";
import { buildDashboard, type Dashboard, type DashboardInput } from "./dashboard.server";

export type DashboardResult = Dashboard & { thread: "figures worker" | "main" };

type Waiting = { resolve: (dashboard: Dashboard) => void; reject: (error: Error) => void };

let worker: { thread: Worker; databasePath: string } | undefined;
const waiting = new Map<number, Waiting>();
let nextId = 1;

/** Beside the server bundle once built; absent when running from source. */
function workerFile(): string | null {
  const file = fileURLToPath(new URL("./dashboard-worker.js", import.meta.url));
  return fs.existsSync(file) ? file : null;
}

function failAll(error: Error) {
  for (const w of waiting.values()) w.reject(error);
  waiting.clear();
  worker = undefined;
}

function figuresThread(file: string, databasePath: string): Worker {
  if (worker?.databasePath === databasePath) return worker.thread;
  const thread = new Worker(file, { workerData: { databasePath } });
  thread.unref();
  thread.on("message", (message: { id: number; dashboard?: Dashboard; error?: string }) => {
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    if (message.error !== undefined) w.reject(new Error(`The figures could not be worked out: ${message.error}`));
    else w.resolve(message.dashboard!);
  });
  thread.on("error", (error) => failAll(error));
  thread.on("exit", (code) => failAll(new Error(`The figures thread stopped (exit code ${code})`)));
  worker = { thread, databasePath };
  return thread;
}

export async function runDashboard(db: Db, input: DashboardInput): Promise<DashboardResult> {
  const file = workerFile();
  const databasePath = db.$client.name;
  if (!file || db.$client.memory) return { ...buildDashboard(db, input), thread: "main" };
  const thread = figuresThread(file, databasePath);
  const id = nextId++;
  const dashboard = await new Promise<Dashboard>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    thread.postMessage({ id, input });
  });
  return { ...dashboard, thread: "figures worker" };
}
