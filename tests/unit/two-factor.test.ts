import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "#db/connection";
import { auditEvents, users } from "#db/schema";
import { hashPassword } from "~/domain/passwords.server";
import { findActiveSession, startSession } from "~/domain/sessions.server";
import { updateSettings } from "~/domain/settings.server";
import {
  checkCodeOfSignedInUser,
  checkEnrolmentCode,
  checkSecondFactor,
  checkSignIn,
  MAX_FAILED_SIGN_INS,
} from "~/domain/sign-in.server";
import {
  base32Decode,
  base32Encode,
  hashRecoveryCode,
  hotp,
  matchTotp,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
} from "~/domain/two-factor";
import { pendingTotpSecret } from "~/domain/two-factor.server";
import { createDemoWorldDb } from "../support/test-db";
import { DEMO_ADMIN_TOTP_SECRET } from "#seed/demo-world";

describe("TOTP against the RFCs", () => {
  // RFC 6238 appendix B, SHA-1, with the seed "12345678901234567890" and eight digits.
  const seed = Buffer.from("12345678901234567890");
  const vectors: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];
  for (const [seconds, code] of vectors) {
    it(`gives ${code} at ${seconds} s (RFC 6238)`, () => {
      expect(hotp(seed, totpStep(seconds * 1000), 8)).toBe(code);
      // Six digits are the last six of the same number.
      expect(totpCode(base32Encode(seed), seconds * 1000)).toBe(code.slice(2));
    });
  }

  it("gives RFC 4226's HOTP values for counters 0 to 9", () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    expect(expected.map((_, counter) => hotp(seed, counter))).toEqual(expected);
  });

  it("reads and writes base32 like RFC 4648 and authenticator apps", () => {
    expect(base32Encode(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(base32Decode("mzxw 6ytb oi======").toString()).toBe("foobar");
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
  });

  it("accepts one step either side of now, not two, and never a step already used", () => {
    const secret = newTotpSecret();
    const now = new Date("2026-05-01T10:00:10Z");
    const step = totpStep(now);
    const at = (offset: number) => now.getTime() + offset * 30_000;
    expect(matchTotp(secret, totpCode(secret, now), now, null)).toBe(step);
    expect(matchTotp(secret, totpCode(secret, at(-1)), now, null)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, at(1)), now, null)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, at(-2)), now, null)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, at(2)), now, null)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, now), now, step)).toBeNull();
    expect(matchTotp(secret, totpCode(secret, at(-1)), now, step - 1)).toBeNull();
    expect(matchTotp(secret, "12345", now, null)).toBeNull();
    expect(matchTotp(secret, "abcdef", now, null)).toBeNull();
  });

  it("writes an otpauth:// URI an authenticator app reads", () => {
    const uri = new URL(otpauthUri("JBSWY3DPEHPK3PXP", "sam@pathway.example"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Pathway:sam@pathway.example");
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: "JBSWY3DPEHPK3PXP",
      issuer: "Pathway",
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });
});

const password = "correct horse battery";

async function world() {
  const db = createDemoWorldDb(await hashPassword(password));
  return db;
}

/** A new administrator with a password and no authenticator app yet. */
function newAdministrator(db: Awaited<ReturnType<typeof world>>, passwordHash: string) {
  db.insert(users)
    .values({
      id: "user-new-admin",
      email: "new.admin@pathway.example",
      name: "New Admin",
      role: "administrator",
      organisationId: "org-operator",
      passwordHash,
    })
    .run();
  return "user-new-admin";
}

describe("two-factor sign-in", () => {
  it("the demo administrator is enrolled with the documented key", async () => {
    const db = await world();
    const result = await checkSignIn(db, "admin@pathway.example", password, {});
    expect(result).toMatchObject({ ok: true, next: "two-factor" });
    const userId = result.ok ? result.user.id : "";
    expect(checkSecondFactor(db, userId, totpCode(DEMO_ADMIN_TOTP_SECRET), {}).ok).toBe(true);
  });

  it("an administrator sets up the app at first sign-in, then signs in with single-use codes", async () => {
    const db = await world();
    const passwordHash = db.select().from(users).where(eq(users.email, "worker@pathway.example")).get()!.passwordHash!;
    const userId = newAdministrator(db, passwordHash);
    const start = new Date("2026-05-01T09:00:00Z");

    expect(await checkSignIn(db, "new.admin@pathway.example", password, {}, start)).toMatchObject({
      ok: true,
      next: "two-factor-setup",
    });
    const secret = pendingTotpSecret(db, userId);
    expect(pendingTotpSecret(db, userId)).toBe(secret); // a reload shows the same key
    expect(checkEnrolmentCode(db, userId, "000000", {}, start).ok).toBe(totpCode(secret, start) === "000000");
    const enrolled = checkEnrolmentCode(db, userId, totpCode(secret, start), {}, start);
    if (!enrolled.ok) throw new Error("enrolment failed");
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.recoveryCodes).size).toBe(10);

    const stored = db.select().from(users).where(eq(users.id, userId)).get()!;
    expect(stored.totpEnabledAt).toBe(start.toISOString());
    expect(stored.recoveryCodeHashes).toEqual(enrolled.recoveryCodes.map(hashRecoveryCode));
    expect(JSON.stringify(stored)).not.toContain(enrolled.recoveryCodes[0]);

    // Next sign-in: the code used to enrol cannot be used again, the next one can, once.
    const later = new Date(start.getTime() + 20_000);
    expect(await checkSignIn(db, "new.admin@pathway.example", password, {}, later)).toMatchObject({
      ok: true,
      next: "two-factor",
    });
    expect(checkSecondFactor(db, userId, totpCode(secret, start), {}, later).ok).toBe(false);
    const nextStep = new Date(start.getTime() + 30_000);
    expect(checkSecondFactor(db, userId, totpCode(secret, nextStep), {}, nextStep)).toMatchObject({
      ok: true,
      method: "app",
    });
    expect(checkSecondFactor(db, userId, totpCode(secret, nextStep), {}, nextStep).ok).toBe(false);
    const afterUse = db.select().from(users).where(eq(users.id, userId)).get()!;
    expect(afterUse.totpLastUsedStep).toBe(totpStep(nextStep));
    expect(afterUse.totpSecret).toBe(secret); // the secret column holds the secret only

    // A recovery code works once, typed any way.
    const recovery = enrolled.recoveryCodes[3];
    expect(checkSecondFactor(db, userId, ` ${recovery.toUpperCase()} `, {}, nextStep)).toMatchObject({
      ok: true,
      method: "recovery-code",
      recoveryCodesLeft: 9,
    });
    expect(checkSecondFactor(db, userId, recovery, {}, nextStep).ok).toBe(false);

    const actions = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.userId, userId))
      .all()
      .map((a) => a.action);
    expect(actions).toContain("two-factor.enrolled");
    expect(actions.filter((a) => a === "sign-in")).toHaveLength(3);
  });

  it(`wrong codes count towards the lockout, and a right password alone does not clear them`, async () => {
    const db = await world();
    const userId = "user-admin";
    const now = new Date();
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) {
      expect(
        checkSecondFactor(db, userId, "999999" === totpCode(DEMO_ADMIN_TOTP_SECRET, now) ? "999998" : "999999", {}, now)
          .ok,
      ).toBe(false);
      expect((await checkSignIn(db, "admin@pathway.example", password, {}, now)).ok).toBe(true);
    }
    expect(checkSecondFactor(db, userId, "not-a-recovery-code", {}, now).ok).toBe(false);
    expect(db.select().from(users).where(eq(users.id, userId)).get()!.lockedUntil).not.toBeNull();
    // Locked: even the right code is refused, and so is the password.
    expect(checkSecondFactor(db, userId, totpCode(DEMO_ADMIN_TOTP_SECRET, now), {}, now).ok).toBe(false);
    expect((await checkSignIn(db, "admin@pathway.example", password, {}, now)).ok).toBe(false);
  });

  it("a signed-in person guessing codes is locked out and their sessions end", async () => {
    const db = await world();
    const token = startSession(db, "user-admin", {});
    const now = new Date();
    const wrong = totpCode(DEMO_ADMIN_TOTP_SECRET, now) === "123456" ? "654321" : "123456";
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++)
      expect(checkCodeOfSignedInUser(db, "user-admin", wrong, {}, now)).toBe(false);
    expect(findActiveSession(db, token)).not.toBeNull();
    expect(checkCodeOfSignedInUser(db, "user-admin", wrong, {}, now)).toBe(false);
    expect(findActiveSession(db, token)).toBeNull();
    expect(db.select().from(users).where(eq(users.id, "user-admin")).get()!.lockedUntil).not.toBeNull();
  });

  it("is required of everyone only when the setting says so", async () => {
    const db = await world();
    expect(await checkSignIn(db, "worker@pathway.example", password, {})).toMatchObject({ ok: true, next: "session" });
    updateSettings(
      db,
      { userId: "user-admin", organisationId: "org-operator" },
      { require_two_factor_for_everyone: true },
    );
    expect(await checkSignIn(db, "worker@pathway.example", password, {})).toMatchObject({
      ok: true,
      next: "two-factor-setup",
    });
  });

  it("a right password before the second factor is audited but is not yet a sign-in", async () => {
    const db = await world();
    await checkSignIn(db, "admin@pathway.example", password, { ipAddress: "10.1.1.1" });
    const actions = db
      .select()
      .from(auditEvents)
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["sign-in.password-accepted"]);
    expect(db.select().from(users).where(eq(users.id, "user-admin")).get()!.lastSignInAt).toBeNull();
  });
});

describe("the last used step has its own column", () => {
  it("the migration moves a stored SECRET:STEP into the secret and the step, and leaves a bare secret alone", () => {
    // Every migration before the one that adds the column, then a user stored the old way.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pathway-migrations-"));
    fs.cpSync(path.resolve("drizzle"), folder, { recursive: true });
    const journalFile = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag.endsWith("totp-and-hsds-fields"));
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
    const db = openDatabase(":memory:");
    migrate(db, { migrationsFolder: folder });
    db.$client.prepare("INSERT INTO organisations (id, name, kind) VALUES ('org-x', 'Operations', 'operator')").run();
    const insert = db.$client.prepare(
      "INSERT INTO users (id, name, email, role, organisation_id, totp_secret) VALUES (?, ?, ?, 'administrator', 'org-x', ?)",
    );
    insert.run("used", "Used", "used@example.org", `${DEMO_ADMIN_TOTP_SECRET}:59026470`);
    insert.run("waiting", "Waiting", "waiting@example.org", DEMO_ADMIN_TOTP_SECRET);
    insert.run("none", "None", "none@example.org", null);

    migrateDatabase(db);
    const rows = db.select({ id: users.id, secret: users.totpSecret, step: users.totpLastUsedStep }).from(users).all();
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.secret, r.step]]))).toEqual({
      used: [DEMO_ADMIN_TOTP_SECRET, 59026470],
      waiting: [DEMO_ADMIN_TOTP_SECRET, null],
      none: [null, null],
    });
    fs.rmSync(folder, { recursive: true });
  });
});
