// Opens the SQLite file with the settings Pathway relies on, and applies migrations.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// db/ in source, build/server/ once bundled: either way the migrations sit two levels up at most.
function findMigrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 3; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "drizzle");
    if (fs.existsSync(path.join(candidate, "meta", "_journal.json"))) return candidate;
  }
  return path.resolve("drizzle");
}

/** Opens a file, ":memory:", or a copy in memory of a serialized database (a Buffer). */
export function openDatabase(file: string | Buffer): Db {
  if (typeof file === "string" && file !== ":memory:")
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // better-sqlite3 leaves WAL at NORMAL, which can lose a committed transaction on power loss.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // drizzle asks the client to compile every query it runs, each time it runs it: give it a
  // client that keeps each compiled statement (db.$client stays the plain connection).
  const db = drizzle({ client: statementCache(sqlite) as unknown as Database.Database, schema }) as Db;
  db.$client = sqlite;
  // Every Pathway transaction writes, most after reading (the audit chain reads the last hash).
  // A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
  // connection wrote in between; an immediate one takes the write lock first and waits its turn.
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: "immediate", ...config })) as Db["transaction"];
  return db;
}

/** How many compiled statements a connection keeps for drizzle; the least recently used go first. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * What drizzle's session uses of a better-sqlite3 connection (prepare and transaction), with
 * each SQL text compiled once and kept: SQLite compiles a statement in tens of microseconds,
 * and drizzle otherwise does so on every run of every query (docs/decisions/027-statement-cache-and-route-matching.md).
 * drizzle only runs its statements (all, get, run, raw().all…) and never keeps one busy across
 * calls, so one statement can serve every run of its text. A statement found is put back to
 * plain rows, whatever mode its last run left it in. Statements prepared directly on
 * db.$client are the caller's own and are not cached.
 */
function statementCache(sqlite: Database.Database) {
  const kept = new Map<string, Database.Statement>();
  return {
    prepare(source: string) {
      let statement = kept.get(source);
      if (statement) {
        kept.delete(source);
        if (statement.reader) statement.raw(false);
      } else {
        statement = sqlite.prepare(source);
        if (kept.size >= STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value!);
      }
      kept.set(source, statement);
      return statement;
    },
    transaction: <F extends (...args: never[]) => unknown>(run: F) => sqlite.transaction(run),
  };
}

export function migrateDatabase(db: Db) {
  migrate(db, { migrationsFolder: findMigrationsFolder() });
}

/** A drizzle transaction, for functions that take part in a caller's transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;
