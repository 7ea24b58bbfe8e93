// A real, migrated SQLite database for each test that asks for one (in memory: fast, isolated).
import { migrateDatabase, openDatabase, type Db } from "#db/connection";
import { seedDemoWorld } from "#db/demo-world";

export function createTestDb(): Db {
  const db = openDatabase(":memory:");
  migrateDatabase(db);
  return db;
}

/** A migrated database holding the demo world (areas, centres, organisations, services, users). */
export function createDemoWorldDb(passwordHash = "not-a-real-hash"): Db {
  const db = createTestDb();
  seedDemoWorld(db, passwordHash);
  return db;
}
