// The commissioner figures, computed on a thread of their own. A national ten-year dashboard
// reads millions of rows for minutes; on the server's main thread that would stop every custody
// officer and worker for as long. Built beside the server bundle (vite.config.ts) and started by
// dashboard-runner.server.ts. In one process of the server it brings the monthly figures
// (monthly-refresh.server.ts) up to date every minute, so that a dashboard rarely waits for them,
// and runs the server's hourly maintenance jobs, which at national scale take tens of seconds that
// no custody officer should wait for.
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "#db/connection";
import { scheduleMaintenance } from "../maintenance.server";
import {
  buildDashboard,
  figureTable,
  type DashboardInput,
  type PageRows,
  type ExportTableId,
} from "./dashboard.server";
import { refreshMonthlyFigures } from "./monthly-refresh.server";
import { OPEN_ONWARD_RELOAD_MS, reloadOpenOnwardReferrals } from "./open-onward.server";

const db = openDatabase(workerData.databasePath as string);

if (workerData.maintenance) scheduleMaintenance(db);

const REFRESH_EVERY_MS = 60_000;
if (workerData.keepsFiguresUpToDate)
  setInterval(() => {
    try {
      refreshMonthlyFigures(db);
    } catch (error) {
      console.error("The monthly figures could not be brought up to date:", error);
    }
  }, REFRESH_EVERY_MS).unref();

// The open onward referrals that overdue feedback is counted from: read now, before the first
// dashboard asks (from a cold disk that takes seconds), and again every ten minutes.
const reloadOpenOnward = () => {
  try {
    reloadOpenOnwardReferrals(db);
  } catch (error) {
    console.error("The open onward referrals could not be read:", error);
  }
};
setImmediate(reloadOpenOnward);
setInterval(reloadOpenOnward, OPEN_ONWARD_RELOAD_MS).unref();

/** The whole dashboard, or one of its tables (for a CSV download). */
export type FiguresRequest = { input: DashboardInput; table?: ExportTableId; rows?: PageRows };

parentPort!.on("message", ({ id, request }: { id: number; request: FiguresRequest }) => {
  try {
    const result = request.table
      ? figureTable(db, request.table, request.input)
      : buildDashboard(db, request.input, undefined, request.rows);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
