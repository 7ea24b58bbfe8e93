// The hourly maintenance jobs (retention, inactive accounts, overdue feedback), started by the
// server once it listens — in one process of a multi-process server, never in tests — on the
// figures thread where the build has one.
import { isMaintenanceScheduled, scheduleMaintenance } from "~/domain/maintenance.server";
import { startFiguresThread } from "~/domain/metrics/dashboard-runner.server";
import { getDb } from "./db.server";

let started = false;

export function startBackgroundJobs(): boolean {
  if (started || !isMaintenanceScheduled()) return false;
  started = true;
  const db = getDb();
  if (!startFiguresThread(db)) scheduleMaintenance(db);
  return true;
}
