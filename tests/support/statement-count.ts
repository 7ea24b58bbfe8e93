// Counts the SQL statements a piece of code runs against a test database: every run, all, get
// or iterate of a statement, whether or not it was prepared before (a statement cache must not
// hide work). `sql` lists the queries; `transactions` the BEGINs (better-sqlite3 runs BEGIN and
// COMMIT as statements of its own), kept apart; `rowsRead` how many rows the statements returned. Savepoints, which drizzle runs as statements for
// a transaction inside another, are queries here: they cost as much.
import type { Db } from "#db/connection";

type StatementLike = { database: unknown; source: string };
const methods = ["run", "all", "get", "iterate"] as const;

/** Runs `work` and returns its result with the SQL text of every statement it ran, in order. */
export async function countStatements<T>(
  db: Db,
  work: () => T | Promise<T>,
): Promise<{ result: T; sql: string[]; transactions: number; rowsRead: number }> {
  const client = db.$client;
  const prototype = Object.getPrototypeOf(client.prepare("select 1")) as Record<string, unknown>;
  const originals = methods.map((method) => [method, prototype[method]] as const);
  const sql: string[] = [];
  let transactions = 0;
  let rowsRead = 0;
  for (const [method, original] of originals) {
    prototype[method] = function (this: StatementLike, ...args: unknown[]) {
      if (this.database === client) {
        if (/^\s*begin\b/i.test(this.source)) transactions++;
        else if (!/^\s*(commit|rollback)\b/i.test(this.source)) sql.push(this.source);
      }
      const answer = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (this.database === client && method === "all" && Array.isArray(answer)) rowsRead += answer.length;
      if (this.database === client && method === "get" && answer !== undefined) rowsRead += 1;
      return answer;
    };
  }
  try {
    const result = await work();
    return { result, sql, transactions, rowsRead };
  } finally {
    for (const [method, original] of originals) prototype[method] = original;
  }
}
