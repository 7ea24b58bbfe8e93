// The one database connection of the server process, migrated when first opened. Opening it
// also starts the maintenance jobs (retention, inactive accounts, overdue feedback) once per
// process — never in tests — on the figures thread where the build has one.
import { migrateDatabase, openDatabase, type Db } from "#db/connection";
import { isMaintenanceScheduled, scheduleMaintenance } from "~/domain/maintenance.server";
import { startFiguresThread } from "~/domain/metrics/dashboard-runner.server";
import { env } from "./env.server";
import path from "node:path";

declare global {
  // Kept across dev-server module reloads so there is only ever one connection.
  var __pathwayDb: Db | undefined;
  var __pathwayMaintenanceStarted: boolean | undefined;
}

export function getDb(): Db {
  if (!globalThis.__pathwayDb) {
    const db = openDatabase(path.resolve(env().DATABASE_PATH));
    migrateDatabase(db);
    globalThis.__pathwayDb = db;
    if (!globalThis.__pathwayMaintenanceStarted && isMaintenanceScheduled()) {
      globalThis.__pathwayMaintenanceStarted = true;
      if (!startFiguresThread(db)) scheduleMaintenance(db);
    }
  }
  return globalThis.__pathwayDb;
}
