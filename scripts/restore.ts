// `npm run restore -- backup.db [--force]`: puts a backup in place of the database. It checks
// the backup first (integrity_check, Pathway's tables), refuses while a server has the
// database open (unless --force, after which restart the server at once), and keeps the
// database it replaces next to it as <name>.before-restore-<time>.db.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { databasePath } from "../db/path";
import { backupDatabase, checkDatabaseFile } from "./backup";

/** The running server that noted it has this database open, if it is still running. */
export function runningServer(database: string): { pid: number; port?: number } | null {
  const note = `${database}.server.json`;
  if (!fs.existsSync(note)) return null;
  try {
    const server = JSON.parse(fs.readFileSync(note, "utf8")) as { pid: number; port?: number };
    process.kill(server.pid, 0);
    return server;
  } catch {
    return null; // unreadable, or its process is gone: a note left by a crash
  }
}

export type RestoreResult = { ok: true; previous: string | null } | { ok: false; problem: string };

export async function restoreDatabase(
  backup: string,
  database: string,
  { force = false, now = new Date() } = {},
): Promise<RestoreResult> {
  const check = checkDatabaseFile(backup);
  if (!check.ok) return { ok: false, problem: `The backup is not usable: ${check.problem}` };
  const server = runningServer(database);
  if (server && !force) {
    return {
      ok: false,
      problem: `A Pathway server (process ${server.pid}${server.port ? `, port ${server.port}` : ""}) has this database open. Stop it first, or run again with --force and restart it straight after.`,
    };
  }

  // Keep what is there now, WAL included, before anything is replaced.
  let previous: string | null = null;
  if (fs.existsSync(database)) {
    previous = `${database.replace(/\.db$/, "")}.before-restore-${now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "")}.db`;
    const saved = await backupDatabase(database, previous);
    if (!saved.ok)
      return { ok: false, problem: `Could not keep a copy of the current database first: ${saved.problem}` };
  }

  // Copy beside the target, flush it to disk, then swap it in with one rename. The old
  // database's -wal and -shm must go: left behind, SQLite would apply them to the new file.
  const incoming = `${database}.restoring`;
  fs.copyFileSync(backup, incoming);
  const handle = fs.openSync(incoming, "r+");
  fs.fsyncSync(handle);
  fs.closeSync(handle);
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(database + suffix, { force: true });
  fs.renameSync(incoming, database);

  const restored = new Database(database);
  restored.pragma("journal_mode = WAL");
  restored.close();
  const after = checkDatabaseFile(database);
  if (!after.ok) return { ok: false, problem: `The restored database does not check out: ${after.problem}` };
  return { ok: true, previous };
}

async function main() {
  const args = process.argv.slice(2);
  const backup = args.find((a) => !a.startsWith("--"));
  if (!backup) {
    console.error("Say which backup to restore: npm run restore -- path/to/backup.db [--force]");
    process.exit(1);
  }
  const database = databasePath();
  const result = await restoreDatabase(path.resolve(backup), database, { force: args.includes("--force") });
  if (!result.ok) {
    console.error(`Restore refused: ${result.problem}`);
    process.exit(1);
  }
  console.log(
    `Restored ${path.resolve(backup)} to ${database}.${result.previous ? ` The database it replaced is kept as ${result.previous}.` : ""}`,
  );
  console.log("Start the server (it applies any newer migrations), then run `npm run audit:verify`.");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
