// Every signed-in request runs the same few queries (the session and user, the organisation,
// the actor's links, the unread notifications). Each is compiled once per connection and kept
// (db/connection.ts), not compiled again on every request.
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "#db/connection";
import { STATEMENT_CACHE_SIZE } from "#db/connection";
import { signInCookie } from "~/server/auth.server";
import { loader as rootLoader } from "../../app/root";
import { loader as sessionStatusLoader } from "../../app/routes/session.status";
import { createDemoWorldDb } from "../support/test-db";

let db: Db;
beforeAll(() => {
  db = createDemoWorldDb();
  globalThis.__pathwayDb = db;
});
afterAll(() => {
  globalThis.__pathwayDb = undefined;
  vi.restoreAllMocks();
});

/** The SQL texts better-sqlite3 compiled while `run` ran, with how often each. */
async function compiledDuring(run: () => Promise<unknown>) {
  const prepare = vi.spyOn(Database.prototype, "prepare");
  try {
    await run();
    const counts = new Map<string, number>();
    for (const [source] of prepare.mock.calls) counts.set(source, (counts.get(source) ?? 0) + 1);
    return counts;
  } finally {
    prepare.mockRestore();
  }
}

// One of each kind of organisation, so every branch of the actor's links is read.
const userIds = ["user-custody", "user-worker", "user-service", "user-commissioner", "user-admin"];

async function signedInRequests(cookies: string[]) {
  for (const cookie of cookies) {
    for (const path of ["/session/status", "/worker/queue"]) {
      // Remix makes one load context per request.
      const context = { clientAddress: "127.0.0.1", cspNonce: "" };
      const request = new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
      const args = { request, context, params: {} };
      if (path === "/session/status") {
        const response = await sessionStatusLoader(args);
        expect(await response.json()).toMatchObject({ isSignedIn: true });
      } else {
        expect((await rootLoader(args)).user).not.toBeNull();
      }
    }
  }
}

describe("statement cache", () => {
  it("compiles each statement of a signed-in request once, however many requests follow", async () => {
    const cookies: string[] = [];
    for (const userId of userIds) {
      const setCookie = await signInCookie(userId, {
        request: new Request("http://localhost/sign-in"),
        context: { clientAddress: "127.0.0.1", cspNonce: "" },
      });
      cookies.push(setCookie.split(";")[0]);
    }
    const first = await compiledDuring(() => signedInRequests(cookies));
    expect(first.size).toBeGreaterThanOrEqual(5);
    expect([...first].filter(([, n]) => n > 1)).toEqual([]);

    const again = await compiledDuring(async () => {
      for (let i = 0; i < 3; i++) await signedInRequests(cookies);
    });
    expect([...again.keys()]).toEqual([]);
  });

  it("gives each run of a kept statement plain rows, whatever the run before it asked for", () => {
    const text = sql`SELECT id, name FROM organisations WHERE id = ${"org-nads"}`;
    const asRows = db.all<{ id: string }>(text);
    const asValues = db.values<[string, string]>(text);
    expect(asValues[0]).toEqual([asRows[0].id, expect.any(String)]);
    expect(db.all<{ id: string }>(text)[0]).toEqual({ id: "org-nads", name: expect.any(String) });
  });

  it("keeps at most its budget of statements: the least recently used go first", async () => {
    const counts = await compiledDuring(async () => {
      for (let i = 0; i <= STATEMENT_CACHE_SIZE; i++) db.get(sql.raw(`SELECT ${i} AS n`));
      db.get(sql.raw(`SELECT ${STATEMENT_CACHE_SIZE} AS n`));
      db.get(sql.raw("SELECT 0 AS n"));
    });
    expect(counts.get(`SELECT ${STATEMENT_CACHE_SIZE} AS n`)).toBe(1);
    expect(counts.get("SELECT 0 AS n")).toBe(2);
  });
});
