// Seeds the demo world into an empty database (and leaves a seeded one alone).
// Refuses to run in production: a real deployment never gets demo users.
import { migrateDatabase, openDatabase } from "#db/connection";
import { databasePath } from "#db/path";
import { refreshMonthlyFigures } from "~/domain/metrics/monthly-refresh.server";
import { hashPassword } from "~/domain/passwords.server";
import { seedDemoCases } from "./demo-cases";
import { seedDemoNaloxone } from "./demo-naloxone";
import { seedDemoPatrol } from "./demo-patrol";
import { seedDemoThroughput } from "./demo-throughput";
import { DEMO_PASSWORD, isDemoWorldSeeded, seedDemoWorld } from "./demo-world";

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to seed demo data with NODE_ENV=production.");
  process.exit(1);
}

const db = openDatabase(databasePath());
migrateDatabase(db);
if (isDemoWorldSeeded(db)) {
  console.log("Demo data is already there; nothing to seed.");
} else {
  const started = Date.now();
  seedDemoWorld(db, await hashPassword(DEMO_PASSWORD));
  const now = new Date();
  const { referralCount } = seedDemoCases(db, now);
  seedDemoNaloxone(db, now);
  seedDemoThroughput(db, now);
  seedDemoPatrol(db, now);
  const { centreMonths } = refreshMonthlyFigures(db);
  console.log(
    `Seeded the demo world with ${referralCount} referrals over two years, and the commissioner figures for ${centreMonths} centre-months, in ${Date.now() - started} ms.`,
  );
}
db.$client.close();
