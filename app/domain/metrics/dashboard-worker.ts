// The commissioner figures, computed on a thread of their own. A national ten-year dashboard
// reads millions of rows for minutes; on the server's main thread that would stop every custody
// officer and worker for as long. Built beside the server bundle (vite.config.ts) and started by
// dashboard-runner.server.ts; it only reads.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "#db/connection";
import { buildDashboard, type DashboardInput } from "./dashboard.server";

const db = openDatabase(workerData.databasePath as string);
db.$client.pragma("query_only = ON");

parentPort!.on("message", ({ id, input }: { id: number; input: DashboardInput }) => {
  try {
    parentPort!.postMessage({ id, dashboard: buildDashboard(db, input) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
