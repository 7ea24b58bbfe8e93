// The session, user, organisation and permissions are read once per request, however many
// loaders ask, and never carried over to a request with another cookie.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { getSignedIn, signInCookie } from "~/server/auth.server";
import { createDemoWorldDb } from "../support/test-db";

afterEach(() => {
  globalThis.__pathwayDb = undefined;
});

describe("who is signed in, once per request", () => {
  it("answers every loader of one request from one read, and reads again for another cookie", async () => {
    const db = createDemoWorldDb();
    globalThis.__pathwayDb = db;
    const userId = (email: string) => db.select().from(users).where(eq(users.email, email)).get()!.id;
    const context = { clientAddress: "127.0.0.1", cspNonce: "", signInRetryAfterSeconds: 0 };
    const cookieOf = async (email: string) =>
      (await signInCookie(userId(email), { request: new Request("http://localhost/"), context: { ...context } })).split(
        ";",
      )[0];
    const worker = await cookieOf("worker@pathway.example");
    const custody = await cookieOf("custody@pathway.example");

    let statements = 0;
    const prepare = db.$client.prepare.bind(db.$client);
    db.$client.prepare = ((sql: string) => {
      statements++;
      return prepare(sql);
    }) as typeof db.$client.prepare;

    // Remix hands each loader its own copy of the request, with the one load context.
    const request = () => new Request("http://localhost/worker/queue", { headers: { Cookie: worker } });
    const first = await getSignedIn({ request: request(), context });
    const afterFirst = statements;
    expect(afterFirst).toBeGreaterThan(0);
    const second = await getSignedIn({ request: request(), context });
    expect(second).toBe(first);
    expect(statements).toBe(afterFirst);
    expect(first?.user.email).toBe("worker@pathway.example");

    // The same context with another cookie (never in Remix, but a test may) is read again.
    const other = await getSignedIn({
      request: new Request("http://localhost/custody", { headers: { Cookie: custody } }),
      context,
    });
    expect(other?.user.email).toBe("custody@pathway.example");
    // A new request is read anew.
    const fresh = await getSignedIn({ request: request(), context: { ...context } });
    expect(fresh).not.toBe(first);
    expect(fresh?.user.email).toBe("worker@pathway.example");
  });
});
