// The hourly maintenance jobs (retention, inactive accounts, overdue feedback) and the minute's
// refresh of the monthly figures, started by the server once it listens — in one process of a
// multi-process server, never in tests — on the figures thread where the build has one. Every
// server process starts its figures thread here, jobs or not, so that it reads what dashboards
// count from (open-onward.server.ts) before the first one is asked for.
import { isMaintenanceScheduled, scheduleMaintenance } from "~/domain/maintenance.server";
import { startFiguresThread } from "~/domain/metrics/dashboard-runner.server";
import { getDb } from "./db.server";

let started = false;

/** Whether the maintenance jobs were started: only with `runsJobs`, and not when turned off. */
export function startBackgroundJobs({ runsJobs }: { runsJobs: boolean }): boolean {
  if (started) return false;
  started = true;
  const db = getDb();
  const onFiguresThread = startFiguresThread(db, { keepsUpToDate: runsJobs });
  if (!runsJobs || !isMaintenanceScheduled()) return false;
  if (!onFiguresThread) scheduleMaintenance(db);
  return true;
}
