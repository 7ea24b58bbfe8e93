// A real, migrated SQLite database for each test that asks for one: an in-memory copy of a
// template built once per run (tests/support/global-setup.ts), so every test gets its own.
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { openDatabase, type Db } from "#db/connection";
import { users } from "#db/schema";
import { buildTemplate, DEMO_CASES_NOW, TEMPLATE_PASSWORD_HASH, type TemplateName } from "./templates";

export { DEMO_CASES_NOW };

const loaded = new Map<TemplateName, Buffer>();

function template(name: TemplateName): Buffer {
  let bytes = loaded.get(name);
  if (!bytes) {
    const directory = inject("templateDirectory");
    // Without the global setup (a test run by another runner) the template is built here.
    bytes = directory ? fs.readFileSync(path.join(directory, `${name}.db`)) : buildTemplate(name);
    loaded.set(name, bytes);
  }
  return bytes;
}

/** A migrated, empty database. */
export function createTestDb(): Db {
  return openDatabase(template("migrated"));
}

/** A migrated database holding the demo world (areas, centres, organisations, services, users). */
export function createDemoWorldDb(passwordHash = TEMPLATE_PASSWORD_HASH): Db {
  const db = openDatabase(template("demo-world"));
  if (passwordHash !== TEMPLATE_PASSWORD_HASH) db.update(users).set({ passwordHash }).run();
  return db;
}

/**
 * The demo world with its custody throughput and two years of demo cases up to DEMO_CASES_NOW,
 * as `npm run demo` seeds them (monthly figures not yet worked out: every month is stale).
 */
export function createDemoCasesDb(): Db {
  return openDatabase(template("demo-cases"));
}

/**
 * Sets every record key to 0 (and marks the monthly figures stale), so that every cell key is 0:
 * disclosure control then shows each count of 5 or more as it is and each of 1 to 4 as 0, and a
 * test can compare figures with answers worked out by hand.
 */
export function zeroRecordKeys(db: Db) {
  for (const table of [
    "arrest_referrals",
    "custody_offers",
    "custody_throughput",
    "needs_assessments",
    "onward_referrals",
  ]) {
    db.$client.exec(`UPDATE ${table} SET record_key = 0`);
  }
  db.$client.exec(
    "INSERT OR IGNORE INTO figure_months_stale (custody_centre_id, month) SELECT custody_centre_id, month FROM figure_centre_months",
  );
}
