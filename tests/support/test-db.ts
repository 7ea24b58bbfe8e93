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

/**
 * Sets every record key to 0 (and marks the monthly figures stale), so that every cell key is 0:
 * disclosure control then shows each count of 5 or more as it is and each of 1 to 4 as 0, and a
 * test can compare figures with answers worked out by hand.
 */
export function zeroRecordKeys(db: Db) {
  for (const table of ["arrest_referrals", "custody_offers", "custody_throughput", "needs_assessments", "onward_referrals"]) {
    db.$client.exec(`UPDATE ${table} SET record_key = 0`);
  }
  db.$client.exec("INSERT OR IGNORE INTO figure_months_stale (custody_centre_id, month) SELECT custody_centre_id, month FROM figure_centre_months");
}
