// The one database connection of the server process, migrated when first opened.
import { migrateDatabase, openDatabase, type Db } from "#db/connection";
import { env } from "./env.server";
import path from "node:path";

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
