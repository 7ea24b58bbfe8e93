// The keyed hash that stands in for a phone number once the number itself is gone: HMAC-SHA256
// of the E.164 number under a server secret (NUMBER_HASH_SECRET). Without the secret a hash
// cannot be turned back into the number by trying every UK mobile (there are only 10^9, so a
// plain hash would be no protection). The same number always gives the same hash, so opt-outs
// and "messaged in the last 90 days" still work across campaigns after the lists are erased.
import { createHmac } from "node:crypto";
import { env, sessionSecret } from "~/utils/env.server";

/**
 * NUMBER_HASH_SECRET, or one derived from the session secret when it is not set (development,
 * tests). Changing it makes every stored hash useless: opt-outs would no longer be recognised.
 */
export function numberHashSecret(): string {
  return env().NUMBER_HASH_SECRET ?? `number-hash:${sessionSecret()}`;
}

/** The keyed hash of a number already in E.164, as 64 hex characters. */
export function numberHash(e164: string, secret = numberHashSecret()): string {
  return createHmac("sha256", secret).update(e164).digest("hex");
}
