// An unknown email must not be told apart from a known one by how long the answer takes.
import { describe, expect, it } from "vitest";
import { hashPassword } from "~/domain/passwords.server";
import { checkSignIn } from "~/domain/sign-in.server";
import { createDemoWorldDb } from "../support/test-db";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// CPU time of this process (every thread, argon2's included) rather than the clock on the
// wall: it measures the work done, which another busy process on the machine does not change.
async function timed(run: () => Promise<unknown>) {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e3;
}

describe("sign-in timing", () => {
  it("takes about as long for an unknown email as for a known email with a wrong password", async () => {
    const db = createDemoWorldDb(await hashPassword("the real password here"));
    // Warm both paths (the dummy hash is made on first use).
    await checkSignIn(db, "nobody@pathway.example", "warm up", {});
    await checkSignIn(db, "commissioner@pathway.example", "warm up", {});
    const unknown: number[] = [];
    const known: number[] = [];
    // Interleaved, so that anything the process warms up falls on both; a different known user each
    // time so that no account reaches the lockout.
    const knownEmails = [
      "worker@pathway.example",
      "custody@pathway.example",
      "service@pathway.example",
      "housing@pathway.example",
    ];
    for (let i = 0; i < 16; i++) {
      unknown.push(await timed(() => checkSignIn(db, `nobody${i}@pathway.example`, "wrong password", {})));
      known.push(await timed(() => checkSignIn(db, knownEmails[i % knownEmails.length], "wrong password", {})));
    }
    const [u, k] = [median(unknown), median(known)];
    // Both do one argon2id verification (tens of milliseconds); without the dummy check the
    // unknown email would answer in well under one.
    expect(Math.min(u, k)).toBeGreaterThan(5);
    expect(Math.abs(u - k) / Math.max(u, k), `unknown ${u.toFixed(1)} ms, known ${k.toFixed(1)} ms`).toBeLessThan(0.4);
  });
});
