// `npm run retention`: anonymises person data past the retention period now (the running
// server also does this every hour). `npm run retention -- --dry-run` only says how many.
import { applyRetention, listPeoplePastRetention, retentionCutoff } from "../app/domain/retention.server";
import { getSetting } from "../app/domain/settings.server";
import { migrateDatabase, openDatabase } from "../db/connection";
import { databasePath } from "../db/path";

const isDryRun = process.argv.includes("--dry-run");
const db = openDatabase(databasePath());
migrateDatabase(db);
const years = getSetting(db, "retention_years");
const cutoff = retentionCutoff(db).toISOString().slice(0, 10);
if (isDryRun) {
  const due = listPeoplePastRetention(db);
  console.log(
    `Retention is ${years} years: ${due.length} ${due.length === 1 ? "person has" : "people have"} had no activity since before ${cutoff} and would be anonymised.`,
  );
} else {
  const started = Date.now();
  const { anonymised } = applyRetention(db);
  console.log(
    `Retention is ${years} years: anonymised ${anonymised} ${anonymised === 1 ? "person" : "people"} with no activity since before ${cutoff} (${Date.now() - started} ms).`,
  );
}
db.$client.close();
