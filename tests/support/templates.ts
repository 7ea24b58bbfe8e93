// The databases most tests start from, built once per test run (in Vitest's global setup, where
// no timeout applies) and copied for each test: seeding the demo cases takes seconds, a copy
// takes milliseconds, so no test or hook depends on how busy the machine is.
import { migrateDatabase, openDatabase, type Db } from "#db/connection";
import { seedDemoCases } from "#seed/demo-cases";
import { seedDemoNaloxone } from "#seed/demo-naloxone";
import { seedDemoThroughput } from "#seed/demo-throughput";
import { seedDemoWorld } from "#seed/demo-world";

/** The "now" the demo cases are seeded at: two years of history up to this day. */
export const DEMO_CASES_NOW = new Date("2026-11-23T09:00:00Z");
export const TEMPLATE_PASSWORD_HASH = "not-a-real-hash";

export const TEMPLATES = {
  /** Migrated and empty. */
  migrated: (db: Db) => db,
  /** The demo world: areas, centres, organisations, services, users (password hash above). */
  "demo-world": (db: Db) => {
    seedDemoWorld(db, TEMPLATE_PASSWORD_HASH);
    return db;
  },
  /** The demo world, its custody throughput and two years of demo cases up to DEMO_CASES_NOW. */
  "demo-cases": (db: Db) => {
    seedDemoWorld(db, TEMPLATE_PASSWORD_HASH);
    seedDemoThroughput(db, DEMO_CASES_NOW);
    seedDemoCases(db, DEMO_CASES_NOW);
    seedDemoNaloxone(db, DEMO_CASES_NOW);
    return db;
  },
} satisfies Record<string, (db: Db) => Db>;

export type TemplateName = keyof typeof TEMPLATES;

/** Builds a template in memory and returns its bytes (SQLite's serialized form). */
export function buildTemplate(name: TemplateName): Buffer {
  const db = openDatabase(":memory:");
  migrateDatabase(db);
  TEMPLATES[name](db);
  const bytes = db.$client.serialize();
  db.$client.close();
  return bytes;
}
