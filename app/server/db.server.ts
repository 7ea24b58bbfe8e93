// The one database connection of the server process, migrated when first opened. Opening it
// starts nothing else: the server starts the background jobs (background-jobs.server.ts).
import path from "node:path";
import { migrateDatabase, openDatabase, type Db } from "#db/connection";
import { env } from "~/utils/env.server";

declare global {
  // Kept across dev-server module reloads so there is only ever one connection.
  var __pathwayDb: Db | undefined;
}

export function getDb(): Db {
  if (!globalThis.__pathwayDb) {
    const db = openDatabase(path.resolve(env().DATABASE_PATH));
    migrateDatabase(db);
    globalThis.__pathwayDb = db;
  }
  return globalThis.__pathwayDb;
}

/**
 * Applies the migrations once, before any request: the primary of a multi-process server calls
 * it before forking, so no two processes migrate at the same time.
 */
export function migrateOnce(): void {
  const db = openDatabase(path.resolve(env().DATABASE_PATH));
  try {
    migrateDatabase(db);
  } finally {
    db.$client.close();
  }
}
