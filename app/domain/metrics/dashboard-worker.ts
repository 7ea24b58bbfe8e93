// The commissioner figures, computed on a thread of their own. A national ten-year dashboard
// reads millions of rows for minutes; on the server's main thread that would stop every custody
// officer and worker for as long. Built beside the server bundle (vite.config.ts) and started by
// dashboard-runner.server.ts; it only reads.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "#db/connection";
import { buildDashboard, figureTable, type DashboardInput, type TableId } from "./dashboard.server";

const db = openDatabase(workerData.databasePath as string);
db.$client.pragma("query_only = ON");

/** The whole dashboard, or one of its tables (for a CSV download). */
export type FiguresRequest = { input: DashboardInput; table?: TableId | "funnel" | "trend" };

parentPort!.on("message", ({ id, request }: { id: number; request: FiguresRequest }) => {
  try {
    const result = request.table ? figureTable(db, request.table, request.input) : buildDashboard(db, request.input);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
