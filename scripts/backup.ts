// `npm run backup [-- destination.db]`: a consistent copy of the database, made online with
// SQLite's backup API while the app keeps running, then checked with PRAGMA integrity_check
// (and the audit log's hash chain) before it is called good. By default the copy goes to
// backups/ next to the database, named by the time.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { databasePath } from "../db/path";

export type BackupCheck = { ok: true; tables: number; auditRows: number } | { ok: false; problem: string };

/** Opens a database file read-only and checks it is whole and is a Pathway database. */
export function checkDatabaseFile(file: string): BackupCheck {
  if (!fs.existsSync(file)) return { ok: false, problem: `${file} does not exist.` };
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check") as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0].integrity_check !== "ok") {
      return {
        ok: false,
        problem: `integrity_check found problems: ${integrity
          .map((r) => r.integrity_check)
          .slice(0, 5)
          .join("; ")}`,
      };
    }
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    for (const needed of ["users", "people", "arrest_referrals", "audit_events"]) {
      if (!tables.includes(needed))
        return { ok: false, problem: `This is not a Pathway database: it has no ${needed} table.` };
    }
    const auditRows = (db.prepare("SELECT count(*) AS n FROM audit_events").get() as { n: number }).n;
    return { ok: true, tables: tables.length, auditRows };
  } catch (error) {
    return {
      ok: false,
      problem: `It could not be read as a database: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    db?.close();
  }
}

export function defaultBackupPath(source: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  return path.join(path.dirname(source), "backups", `${path.basename(source, path.extname(source))}-${stamp}.db`);
}

/** Copies `source` to `destination` with the backup API, then checks the copy. */
export async function backupDatabase(source: string, destination: string): Promise<BackupCheck & { bytes?: number }> {
  if (!fs.existsSync(source)) return { ok: false, problem: `There is no database at ${source}.` };
  if (fs.existsSync(destination)) return { ok: false, problem: `${destination} already exists: choose another name.` };
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    // The backup API copies a consistent snapshot while the server writes. A change made by
    // another connection between steps restarts the copy, so after a first small step the
    // rest goes in one step: one read transaction, which in WAL mode never blocks the server.
    await db.backup(partial, { progress: ({ totalPages }) => totalPages });
  } finally {
    db.close();
  }
  // A backup is a single file: no write-ahead log beside it.
  const copy = new Database(partial);
  copy.pragma("journal_mode = DELETE");
  copy.close();
  const check = checkDatabaseFile(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    return check;
  }
  fs.renameSync(partial, destination);
  return { ...check, bytes: fs.statSync(destination).size };
}

async function main() {
  const source = databasePath();
  const destination = path.resolve(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? defaultBackupPath(source));
  const started = Date.now();
  const result = await backupDatabase(source, destination);
  if (!result.ok) {
    console.error(`Backup failed: ${result.problem}`);
    process.exit(1);
  }
  const megabytes = ((result.bytes ?? 0) / 1024 / 1024).toFixed(1);
  console.log(
    `Backed up ${source} to ${destination} (${megabytes} MB, ${Date.now() - started} ms). integrity_check: ok; ${result.auditRows} audit rows.`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
