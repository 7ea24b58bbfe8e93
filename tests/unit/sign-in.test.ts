import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, users } from "#db/schema";
import { setPasswordWithLink } from "~/domain/invitations.server";
import { hashPassword } from "~/domain/passwords.server";
import { endAllSessionsOfUser, endSession, findActiveSession, startSession } from "~/domain/sessions.server";
import { checkSignIn, MAX_FAILED_SIGN_INS, signInDelayMinutes } from "~/domain/sign-in.server";
import { recoverAdministrator } from "~/domain/users.server";
import { createDemoWorldDb } from "../support/test-db";

const password = "correct horse battery";

async function world() {
  const db = createDemoWorldDb(await hashPassword(password));
  return db;
}

describe("checking a sign-in", () => {
  it("accepts the right password with any case of email, and audits it", async () => {
    const db = await world();
    const result = await checkSignIn(db, "  Worker@Pathway.example ", password, { ipAddress: "10.0.0.1" });
    expect(result.ok).toBe(true);
    const audit = db.select().from(auditEvents).all();
    expect(audit.map((a) => a.action)).toEqual(["sign-in"]);
    expect(audit[0].ipAddress).toBe("10.0.0.1");
  });

  it("stores passwords as argon2id", async () => {
    expect(await hashPassword("anything at all")).toMatch(/^\$argon2id\$/);
  });

  it("refuses a wrong password and an unknown email the same way", async () => {
    const db = await world();
    expect(await checkSignIn(db, "worker@pathway.example", "wrong password!", {})).toEqual({ ok: false });
    expect(await checkSignIn(db, "nobody@pathway.example", password, {})).toEqual({ ok: false });
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(["sign-in.failed", "sign-in.failed"]);
  });

  it(`locks an account after ${MAX_FAILED_SIGN_INS} failures, even against the right password`, async () => {
    const db = await world();
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await checkSignIn(db, "worker@pathway.example", "wrong", {});
    expect(await checkSignIn(db, "worker@pathway.example", password, {})).toEqual({ ok: false });
    const later = new Date(Date.now() + 31 * 60_000);
    expect((await checkSignIn(db, "worker@pathway.example", password, {}, later)).ok).toBe(true);
  });

  it("holds an account for a growing delay, not a fixed half hour: 1 minute at the fifth failure, doubling to the setting", async () => {
    const db = await world();
    const email = "worker@pathway.example";
    let now = new Date("2026-12-01T09:00:00Z");
    const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await checkSignIn(db, email, "wrong", {}, now);
    expect(await checkSignIn(db, email, password, {}, now)).toEqual({ ok: false });
    // A minute later the right password works again and clears the count.
    expect((await checkSignIn(db, email, password, {}, minutes(1.01))).ok).toBe(true);

    // Someone who keeps guessing waits longer each time: 1, 2, 4, 8, 16, then 30 (lockout_minutes).
    const held: number[] = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await checkSignIn(db, email, "wrong", {}, now);
    for (let i = 0; i < 7; i++) {
      await checkSignIn(db, email, "wrong", {}, now);
      const until = db.select().from(users).where(eq(users.email, email)).get()!.lockedUntil!;
      const wait = Math.round((new Date(until).getTime() - now.getTime()) / 60_000);
      held.push(wait);
      now = minutes(wait + 0.01);
    }
    expect(held).toEqual([1, 2, 4, 8, 16, 30, 30]);
    expect(signInDelayMinutes(MAX_FAILED_SIGN_INS - 1, 30)).toBe(0);
    expect(signInDelayMinutes(1000, 30)).toBe(30);
  });

  it("cannot shut out every administrator: each can be let back in from the server, with no other administrator", async () => {
    const db = await world();
    const admins = db.select().from(users).where(eq(users.role, "administrator")).all();
    const now = new Date();
    for (const admin of admins) for (let i = 0; i < 20; i++) await checkSignIn(db, admin.email, "wrong", {}, now);
    for (const admin of admins) expect((await checkSignIn(db, admin.email, password, {}, now)).ok).toBe(false);

    const recovered = recoverAdministrator(db, admins[0].email.toUpperCase(), {}, now);
    expect((await checkSignIn(db, admins[0].email, password, {}, now)).ok).toBe(true);
    await setPasswordWithLink(db, recovered.token, "a new and long passphrase", {}, now);
    expect((await checkSignIn(db, admins[0].email, "a new and long passphrase", {}, now)).ok).toBe(true);
    expect(db.select().from(auditEvents).where(eq(auditEvents.action, "user.recover")).all()).toHaveLength(1);
    // Only administrators: the command is not a way into anyone else's account.
    expect(() => recoverAdministrator(db, "worker@pathway.example")).toThrow(
      "There is no administrator with that email address.",
    );
  });

  it("refuses a deactivated user", async () => {
    const db = await world();
    db.update(users).set({ isActive: false }).where(eq(users.email, "worker@pathway.example")).run();
    expect((await checkSignIn(db, "worker@pathway.example", password, {})).ok).toBe(false);
  });
});

describe("sessions", () => {
  it("ends on sign-out, on deactivation, when idle for 30 minutes and after 12 hours", async () => {
    const db = await world();
    const userId = "user-worker";
    const start = new Date("2026-11-23T09:00:00Z");

    const token = startSession(db, userId, {}, start);
    expect(findActiveSession(db, token, start)?.user.id).toBe(userId);
    endSession(db, token);
    expect(findActiveSession(db, token, start)).toBeNull();

    const second = startSession(db, userId, {}, start);
    endAllSessionsOfUser(db, userId);
    expect(findActiveSession(db, second, start)).toBeNull();

    const idle = startSession(db, userId, {}, start);
    expect(findActiveSession(db, idle, new Date(start.getTime() + 31 * 60_000))).toBeNull();

    const busy = startSession(db, userId, {}, start);
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      expect(findActiveSession(db, busy, new Date(start.getTime() + minutes * 60_000))).not.toBeNull();
    }
    expect(findActiveSession(db, busy, new Date(start.getTime() + 12 * 60 * 60_000 + 60_000))).toBeNull();
  });

  it("stores only a hash of the token", async () => {
    const db = await world();
    const token = startSession(db, "user-worker", {});
    const stored = db.$client.prepare("SELECT id FROM sessions").all() as { id: string }[];
    expect(stored[0].id).not.toContain(token);
    expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
  });
});
