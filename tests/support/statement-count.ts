// Counts the SQL statements a piece of code runs against a test database: every run, all, get
// or iterate of a statement, whether or not it was prepared before (a statement cache must not
// hide work). The BEGIN and COMMIT that better-sqlite3 issues itself for a transaction are not
// counted; savepoints, which drizzle runs as statements, are.
import type { Db } from "#db/connection";

type StatementLike = { database: unknown; source: string };
const methods = ["run", "all", "get", "iterate"] as const;

/** Runs `work` and returns its result with the SQL text of every statement it ran, in order. */
export async function countStatements<T>(db: Db, work: () => T | Promise<T>): Promise<{ result: T; sql: string[] }> {
  const client = db.$client;
  const prototype = Object.getPrototypeOf(client.prepare("select 1")) as Record<string, unknown>;
  const originals = methods.map((method) => [method, prototype[method]] as const);
  const sql: string[] = [];
  for (const [method, original] of originals) {
    prototype[method] = function (this: StatementLike, ...args: unknown[]) {
      if (this.database === client) sql.push(this.source);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  try {
    const result = await work();
    return { result, sql };
  } finally {
    for (const [method, original] of originals) prototype[method] = original;
  }
}
