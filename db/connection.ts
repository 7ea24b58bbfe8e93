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
  const db = drizzle(sqlite, { schema }) as Db;
  // Every Pathway transaction writes, most after reading (the audit chain reads the last hash).
  // A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
  // connection wrote in between; an immediate one takes the write lock first and waits its turn.
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: "immediate", ...config })) as Db["transaction"];
  return db;
}

export function migrateDatabase(db: Db) {
  // A migration that rebuilds a table (SQLite cannot drop NOT NULL in place) drops the old one;
  // with foreign keys on, that would fail on every row that points at it. PRAGMA foreign_keys is
  // ignored inside a transaction, so it is switched off around the migrator, and every key is
  // checked before it is switched back on.
  db.$client.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder: findMigrationsFolder() });
    const broken = db.$client.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0)
      throw new Error(`Migration left ${broken.length} broken references: ${JSON.stringify(broken[0])}`);
  } finally {
    db.$client.pragma("foreign_keys = ON");
  }
}

/** A drizzle transaction, for functions that take part in a caller's transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;
