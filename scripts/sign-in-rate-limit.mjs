// Per-address rate limiting of sign-in, in memory (one server process). It slows password
// guessing spread across many accounts, which the per-account lockout cannot see: at most
// `maxFailures` failed attempts and `maxAttempts` attempts of any kind from one address in a
// sliding window. A blocked request still reaches the page, which says plainly when to try
// again, with status 429 and Retry-After.

/** POSTs to the sign-in steps, with or without JavaScript (Remix's `.data` requests). */
export const SIGN_IN_PATHS = /^\/sign-in(?:\/two-factor|\/set-up-two-factor)?(?:\.data)?\/?$/;

// The defaults allow for a custody suite or an office where many people share one address
// (one NAT for a whole force), while still cutting a password-spraying run to a trickle; the
// per-account lockout stops guessing at any one account long before this.
export function createSignInRateLimit({
  windowMs = 10 * 60_000,
  maxFailures = 30,
  maxAttempts = 200,
  now = () => Date.now(),
  log = (line) => console.warn(line),
} = {}) {
  /** address → times of recent attempts and failures, oldest first */
  const byAddress = new Map();

  function recent(address, at) {
    const entry = byAddress.get(address) ?? { attempts: [], failures: [] };
    const since = at - windowMs;
    while (entry.attempts.length && entry.attempts[0] <= since) entry.attempts.shift();
    while (entry.failures.length && entry.failures[0] <= since) entry.failures.shift();
    return entry;
  }

  function sweep(at) {
    if (byAddress.size < 10_000) return;
    for (const [address] of byAddress) {
      const entry = recent(address, at);
      if (!entry.attempts.length) byAddress.delete(address);
    }
  }

  /** Seconds until this address may try again, or 0. */
  function retryAfterSeconds(address, at = now()) {
    const entry = recent(address, at);
    const waits = [];
    if (entry.failures.length >= maxFailures) waits.push(entry.failures[entry.failures.length - maxFailures] + windowMs - at);
    if (entry.attempts.length >= maxAttempts) waits.push(entry.attempts[entry.attempts.length - maxAttempts] + windowMs - at);
    return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : 0;
  }

  function middleware(req, res, next) {
    if (req.method !== "POST" || !SIGN_IN_PATHS.test(req.path)) return next();
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const at = now();
    const wait = retryAfterSeconds(address, at);
    if (wait > 0) {
      const entry = byAddress.get(address);
      if (entry && !entry.reported) {
        entry.reported = true;
        log(`Sign-in from ${address} held back for ${wait} s: too many attempts.`);
      }
      res.locals.signInRetryAfterSeconds = wait;
      res.setHeader("Retry-After", String(wait));
      return next();
    }
    const entry = recent(address, at);
    entry.reported = false;
    entry.attempts.push(at);
    byAddress.set(address, entry);
    sweep(at);
    // A refused sign-in answers 4xx (the form again, with its message); success redirects.
    res.on("finish", () => {
      if (res.statusCode >= 400 && res.statusCode < 500) recent(address, now()).failures.push(now());
    });
    next();
  }

  return { middleware, retryAfterSeconds, reset: () => byAddress.clear() };
}
