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
  // A migration that rebuilds a table (SQLite cannot drop NOT NULL in place) drops the old one;
  // with foreign keys on, that would fail on every row that points at it. PRAGMA foreign_keys is
  // ignored inside a transaction, so it is switched off around the migrator, and every key is
  // checked before it is switched back on.
  const applied = () => {
    const table = db.$client.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get();
    return table ? (db.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n : 0;
  };
  const before = applied();
  db.$client.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder: findMigrationsFolder() });
    // The check reads every table: only after a migration actually ran.
    const broken = applied() === before ? [] : (db.$client.pragma("foreign_key_check") as unknown[]);
    if (broken.length > 0)
      throw new Error(`Migration left ${broken.length} broken references: ${JSON.stringify(broken[0])}`);
  } finally {
    db.$client.pragma("foreign_keys = ON");
  }
}

/** A drizzle transaction, for functions that take part in a caller's transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;

/**
 * A query built and prepared once per connection, for the few that every request runs (the
 * session, the organisation, the actor's links): drizzle builds a query's SQL text on every run,
 * which for these cost more than running them (decision 027).
 */
export function preparedPerConnection<D extends object, Q>(prepare: (db: D) => Q): (db: D) => Q {
  const prepared = new WeakMap<D, Q>();
  return (db) => {
    let query = prepared.get(db);
    if (!query) prepared.set(db, (query = prepare(db)));
    return query;
  };
}
