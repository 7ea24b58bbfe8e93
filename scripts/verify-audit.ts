// `npm run audit:verify`: walks the audit log's hash chain and reports the first broken row.
import { findBrokenAuditRow } from "../app/domain/audit.server";
import { openDatabase } from "../db/connection";
import { databasePath } from "../db/path";

const db = openDatabase(databasePath());
const broken = findBrokenAuditRow(db);
db.$client.close();
if (broken === null) {
  console.log("The audit log's hash chain is intact.");
} else {
  console.error(`The audit log's hash chain breaks at row ${broken}: that row or the one before it was altered.`);
  process.exit(1);
}
