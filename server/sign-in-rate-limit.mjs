// Per-address rate limiting of sign-in. It slows password guessing spread across many accounts,
// which the per-account lockout cannot see: at most `maxFailures` failed attempts and
// `maxAttempts` attempts of any kind from one address in a sliding window. A blocked request
// still reaches the page, which says plainly when to try again, with status 429 and Retry-After.
// With one process per core the attempts are kept in the database (sqliteAttemptStore), so the
// limit is the same whichever process answers; a single process or a test may keep them in memory.

/** POSTs to the sign-in steps, with or without JavaScript (Remix's `.data` requests). */
export const SIGN_IN_PATHS = /^\/sign-in(?:\/two-factor|\/set-up-two-factor)?(?:\.data)?\/?$/;

/**
 * @typedef {"attempt" | "failure"} Kind
 * @typedef {{
 *   add(address: string, kind: Kind, at: number): void,
 *   nthNewest(address: string, kind: Kind, n: number, since: number): number | undefined,
 *   forget(before: number): void,
 *   clear(): void,
 * }} AttemptStore
 */

/** @returns {AttemptStore} */
export function memoryAttemptStore() {
  /** `${kind} ${address}` → times, oldest first */
  const times = new Map();
  return {
    add(address, kind, at) {
      const key = `${kind} ${address}`;
      const list = times.get(key) ?? [];
      list.push(at);
      times.set(key, list);
    },
    nthNewest(address, kind, n, since) {
      const list = (times.get(`${kind} ${address}`) ?? []).filter((t) => t > since);
      return list.length >= n ? list[list.length - n] : undefined;
    },
    forget(before) {
      if (times.size < 10_000) return;
      for (const [key, list] of times) {
        const kept = list.filter((t) => t > before);
        if (kept.length) times.set(key, kept);
        else times.delete(key);
      }
    },
    clear: () => times.clear(),
  };
}

/**
 * Attempts kept in the `sign_in_attempts` table (created by the migrations), shared by every
 * server process on the database.
 * @param {import("better-sqlite3").Database} sqlite
 * @returns {AttemptStore}
 */
export function sqliteAttemptStore(sqlite) {
  const insert = sqlite.prepare("INSERT INTO sign_in_attempts (address, kind, at) VALUES (?, ?, ?)");
  const nth = sqlite.prepare(
    "SELECT at FROM sign_in_attempts WHERE address = ? AND kind = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
  );
  const prune = sqlite.prepare("DELETE FROM sign_in_attempts WHERE at <= ?");
  const clear = sqlite.prepare("DELETE FROM sign_in_attempts");
  let lastPrune = 0;
  return {
    add: (address, kind, at) => void insert.run(address, kind, at),
    nthNewest: (address, kind, n, since) => nth.get(address, kind, since, n - 1)?.at,
    forget(before) {
      if (before - lastPrune < 60_000) return;
      lastPrune = before;
      prune.run(before);
    },
    clear: () => void clear.run(),
  };
}

// The defaults allow for a custody suite or an office where many people share one address
// (one NAT for a whole force), while still cutting a password-spraying run to a trickle; the
// per-account lockout stops guessing at any one account long before this.
export function createSignInRateLimit({
  windowMs = 10 * 60_000,
  maxFailures = 30,
  maxAttempts = 200,
  now = () => Date.now(),
  log = (line) => console.warn(line),
  store = memoryAttemptStore(),
} = {}) {
  /** addresses already reported as held back, so the log gets one line per run of refusals */
  const reported = new Set();

  /** Seconds until this address may try again, or 0. */
  function retryAfterSeconds(address, at = now()) {
    const since = at - windowMs;
    const waits = [];
    const failure = store.nthNewest(address, "failure", maxFailures, since);
    if (failure !== undefined) waits.push(failure + windowMs - at);
    const attempt = store.nthNewest(address, "attempt", maxAttempts, since);
    if (attempt !== undefined) waits.push(attempt + windowMs - at);
    return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : 0;
  }

  function middleware(req, res, next) {
    if (req.method !== "POST" || !SIGN_IN_PATHS.test(req.path)) return next();
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const at = now();
    const wait = retryAfterSeconds(address, at);
    if (wait > 0) {
      if (!reported.has(address)) {
        reported.add(address);
        log(`Sign-in from ${address} held back for ${wait} s: too many attempts.`);
      }
      res.locals.signInRetryAfterSeconds = wait;
      res.setHeader("Retry-After", String(wait));
      return next();
    }
    reported.delete(address);
    store.add(address, "attempt", at);
    store.forget(at - windowMs);
    // A refused sign-in answers 4xx (the form again, with its message); success redirects.
    res.on("finish", () => {
      if (res.statusCode >= 400 && res.statusCode < 500) store.add(address, "failure", now());
    });
    next();
  }

  return { middleware, retryAfterSeconds, reset: () => store.clear() };
}
