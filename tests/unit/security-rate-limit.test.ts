import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "#db/connection";
import { action as signInAction } from "~/routes/sign-in";
import { createSignInRateLimit, SIGN_IN_PATHS, sqliteAttemptStore } from "../../server/sign-in-rate-limit.mjs";
import { createDemoWorldDb } from "../support/test-db";

type FakeResponse = EventEmitter & {
  statusCode: number;
  locals: Record<string, unknown>;
  headers: Record<string, string>;
  setHeader: (k: string, v: string) => void;
};

function fakeResponse(): FakeResponse {
  const res = new EventEmitter() as FakeResponse;
  res.statusCode = 200;
  res.locals = {};
  res.headers = {};
  res.setHeader = (k, v) => (res.headers[k.toLowerCase()] = v);
  return res;
}

/** One request through the limiter; the page answers `status` unless the limiter said wait. */
function attempt(
  limit: ReturnType<typeof createSignInRateLimit>,
  { ip = "10.0.0.1", path = "/sign-in", method = "POST", status = 400 } = {},
) {
  const req = { method, path, ip, socket: { remoteAddress: ip } };
  const res = fakeResponse();
  let passed = false;
  limit.middleware(req as never, res as never, () => (passed = true));
  const blockedFor = res.locals.signInRetryAfterSeconds as number | undefined;
  res.statusCode = blockedFor ? 429 : status;
  res.emit("finish");
  return { passed, blockedFor: blockedFor ?? 0, retryAfter: res.headers["retry-after"] };
}

describe("per-address rate limiting of sign-in", () => {
  it("covers the sign-in steps with and without JavaScript, and nothing else", () => {
    for (const path of [
      "/sign-in",
      "/sign-in.data",
      "/sign-in/two-factor",
      "/sign-in/two-factor.data",
      "/sign-in/set-up-two-factor",
    ]) {
      expect(SIGN_IN_PATHS.test(path), path).toBe(true);
    }
    for (const path of ["/sign-out", "/admin/users/new", "/sign-in-help", "/set-password/abc"])
      expect(SIGN_IN_PATHS.test(path), path).toBe(false);
  });

  it("blocks an address after 30 failures in 10 minutes, says for how long, logs it once, and lets it in again after", () => {
    let now = 1_000_000;
    const logged: string[] = [];
    const limit = createSignInRateLimit({ now: () => now, log: (line) => logged.push(line) });
    for (let i = 0; i < 30; i++) {
      expect(attempt(limit).blockedFor).toBe(0);
      now += 1000;
    }
    const blocked = attempt(limit);
    expect(blocked.passed).toBe(true); // the page itself says so, with status 429
    expect(blocked.blockedFor).toBeGreaterThan(560);
    expect(blocked.retryAfter).toBe(String(blocked.blockedFor));
    // Another address is not affected; reading the page is not limited.
    expect(attempt(limit, { ip: "10.0.0.2" }).blockedFor).toBe(0);
    expect(attempt(limit, { method: "GET" }).blockedFor).toBe(0);
    // Blocked attempts do not extend the block, and the block is logged once.
    for (let i = 0; i < 20; i++) attempt(limit);
    expect(logged).toEqual([expect.stringMatching(/^Sign-in from 10\.0\.0\.1 held back for \d+ s/)]);
    now += 10 * 60_000 + 1;
    expect(attempt(limit).blockedFor).toBe(0);
  });

  it("counts successful sign-ins only towards the larger limit on attempts", () => {
    let now = 0;
    const limit = createSignInRateLimit({ now: () => now });
    for (let i = 0; i < 200; i++) {
      expect(attempt(limit, { status: 302 }).blockedFor, `attempt ${i + 1}`).toBe(0);
      now += 100;
    }
    expect(attempt(limit, { status: 302 }).blockedFor).toBeGreaterThan(0);
  });
});

describe("the rate limit across server processes", () => {
  it("counts the same attempts whichever process answers, through the database", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathway-rate-"));
    const file = path.join(dir, "shared.db");
    const first = openDatabase(file);
    migrateDatabase(first);
    const second = openDatabase(file);
    let now = 5_000_000;
    const processes = [first, second].map((db) =>
      createSignInRateLimit({ now: () => now, log: () => {}, store: sqliteAttemptStore(db.$client) }),
    );
    // 30 failures spread over two processes block the address in both.
    for (let i = 0; i < 30; i++) {
      expect(attempt(processes[i % 2]).blockedFor).toBe(0);
      now += 1000;
    }
    expect(attempt(processes[0]).blockedFor).toBeGreaterThan(560);
    expect(attempt(processes[1]).blockedFor).toBeGreaterThan(560);
    expect(attempt(processes[1], { ip: "10.0.0.9" }).blockedFor).toBe(0);
    // After the window the old rows are forgotten and the address may try again.
    now += 10 * 60_000 + 1;
    expect(attempt(processes[1]).blockedFor).toBe(0);
    expect(
      first.$client.prepare("SELECT count(*) AS n FROM sign_in_attempts WHERE at <= ?").get(now - 10 * 60_000),
    ).toEqual({ n: 0 });
    first.$client.close();
    second.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("the sign-in page when the address is blocked", () => {
  afterEach(() => {
    globalThis.__pathwayDb = undefined;
  });

  it("answers 429 with a plain message and Retry-After, before checking any password", async () => {
    globalThis.__pathwayDb = createDemoWorldDb();
    const body = new URLSearchParams({ email: "worker@pathway.example", password: "anything at all" });
    const request = new Request("http://localhost/sign-in", { method: "POST", body });
    const result = (await signInAction({
      request,
      params: {},
      context: { clientAddress: "10.0.0.1", cspNonce: "", signInRetryAfterSeconds: 125 },
    })) as unknown as {
      data: { errors: { form: string } };
      init: { status: number; headers: Record<string, string> };
    };
    expect(result.init.status).toBe(429);
    expect(result.init.headers["Retry-After"]).toBe("125");
    expect(result.data.errors.form).toBe(
      "There have been too many attempts to sign in from your network. Wait 3 minutes, then try again.",
    );
    expect(globalThis.__pathwayDb.$client.prepare("SELECT count(*) AS n FROM audit_events").get()).toEqual({ n: 0 });
  });
});
