import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, passwordTokens, sessions, users } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { findPasswordLink, setPasswordWithLink } from "~/domain/invitations.server";
import { findActiveSession, startSession } from "~/domain/sessions.server";
import { checkSignIn } from "~/domain/sign-in.server";
import { refuseAccountChange } from "~/domain/users";
import {
  changeRole,
  countActiveAdministrators,
  deactivateUser,
  inviteUser,
  issueNewPasswordLink,
  reactivateUser,
} from "~/domain/users.server";
import { createDemoWorldDb } from "../support/test-db";

const admin = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };
const client = { ipAddress: "127.0.0.1" };
const HOUR = 3600_000;

const invite = (
  db: ReturnType<typeof createDemoWorldDb>,
  overrides: Partial<Parameters<typeof inviteUser>[2]> = {},
  now = new Date(),
) =>
  inviteUser(
    db,
    admin,
    {
      name: "Ailsa Grant",
      email: "Ailsa.Grant@Firth.example",
      role: "referral_worker",
      organisationId: "org-firth-recovery",
      ...overrides,
    },
    now,
  );

describe("inviting someone", () => {
  it("creates the account without a password and a link that sets one, then they can sign in", async () => {
    const db = createDemoWorldDb();
    const { userId, token, expiresAt } = invite(db);
    const user = db.select().from(users).where(eq(users.id, userId)).get()!;
    expect(user).toMatchObject({ email: "ailsa.grant@firth.example", passwordHash: null, role: "referral_worker" });
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(71.9 * HOUR);
    expect(db.select().from(passwordTokens).get()!.tokenHash).not.toContain(token);

    expect(findPasswordLink(db, token)).toMatchObject({
      status: "valid",
      purpose: "invitation",
      user: { email: "ailsa.grant@firth.example" },
    });
    await setPasswordWithLink(db, token, "a long enough passphrase", client);
    const signIn = await checkSignIn(db, "ailsa.grant@firth.example", "a long enough passphrase", client);
    expect(signIn.ok && signIn.user.role).toBe("referral_worker");
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(["user.invite", "user.invite-link", "user.password-set", "sign-in"]);
  });

  it("the link expires after 72 hours", async () => {
    const db = createDemoWorldDb();
    const issuedAt = new Date("2026-03-01T09:00:00Z");
    const { token } = invite(db, {}, issuedAt);
    expect(findPasswordLink(db, token, new Date(issuedAt.getTime() + 71 * HOUR)).status).toBe("valid");
    const later = new Date(issuedAt.getTime() + 72 * HOUR + 1000);
    expect(findPasswordLink(db, token, later).status).toBe("expired");
    await expect(setPasswordWithLink(db, token, "a long enough passphrase", client, later)).rejects.toThrow(/expired/);
    expect(db.select().from(users).where(eq(users.email, "ailsa.grant@firth.example")).get()!.passwordHash).toBeNull();
  });

  it("the link works once, and a new link retires the old one", async () => {
    const db = createDemoWorldDb();
    const { userId, token } = invite(db);
    const second = issueNewPasswordLink(db, admin, userId);
    expect(second.purpose).toBe("invitation");
    expect(findPasswordLink(db, token).status).toBe("expired");
    await setPasswordWithLink(db, second.token, "a long enough passphrase", client);
    expect(findPasswordLink(db, second.token).status).toBe("used");
    await expect(setPasswordWithLink(db, second.token, "another long passphrase", client)).rejects.toThrow(DomainError);
    expect(issueNewPasswordLink(db, admin, userId).purpose).toBe("reset");
  });

  it.each([
    [{ email: "worker@pathway.example" }, "email", /already uses Pathway/],
    [{ email: "WORKER@pathway.example" }, "email", /already uses Pathway/],
    [{ role: "custody_officer" as const }, "role", /can only be a referral worker/],
    [{ role: "administrator" as const }, "role", /can only be a referral worker/],
  ])("%o is refused by the %s field and nothing is created", (overrides, field, message) => {
    const db = createDemoWorldDb();
    const before = db.select().from(users).all().length;
    try {
      invite(db, overrides);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).field).toBe(field);
      expect((error as DomainError).message).toMatch(message);
    }
    expect(db.select().from(users).all()).toHaveLength(before);
    expect(db.select().from(auditEvents).all()).toEqual([]);
  });
});

describe("deactivating someone", () => {
  it("ends their sessions at once and they cannot sign in; reactivating lets them back", async () => {
    const db = createDemoWorldDb();
    const token = startSession(db, "user-worker", { userAgent: "test" });
    expect(findActiveSession(db, token)).not.toBeNull();
    deactivateUser(db, admin, "user-worker");
    expect(db.select().from(sessions).where(eq(sessions.userId, "user-worker")).all()).toEqual([]);
    expect(findActiveSession(db, token)).toBeNull();
    reactivateUser(db, admin, "user-worker");
    expect(db.select().from(users).where(eq(users.id, "user-worker")).get()!.isActive).toBe(true);
    expect(
      db
        .select()
        .from(auditEvents)
        .all()
        .map((a) => a.action),
    ).toEqual(["user.deactivate", "user.reactivate"]);
  });
});

describe("the last administrator", () => {
  const target = { id: "a", role: "administrator" as const, organisationId: "ops", isActive: true };

  it.each([
    [
      "raise their own role",
      "b",
      { ...target, id: "b", role: "commissioner" as const },
      { kind: "role", role: "administrator", organisationId: "ops" },
      3,
      /your own role/,
    ],
    [
      "change their own role",
      "a",
      target,
      { kind: "role", role: "commissioner", organisationId: "ops" },
      3,
      /your own role/,
    ],
    ["deactivate themselves", "a", target, { kind: "deactivate" }, 3, /your own account/],
    [
      "demote the last administrator",
      "x",
      target,
      { kind: "role", role: "commissioner", organisationId: "c" },
      1,
      /last active administrator/,
    ],
    ["deactivate the last administrator", "x", target, { kind: "deactivate" }, 1, /last active administrator/],
  ] as const)("an administrator cannot %s", (_story, actorUserId, who, change, count, message) => {
    expect(refuseAccountChange({ actorUserId, target: who, change, activeAdministratorCount: count })).toMatch(message);
  });

  it("another administrator can be demoted or deactivated while one remains", () => {
    expect(
      refuseAccountChange({ actorUserId: "x", target, change: { kind: "deactivate" }, activeAdministratorCount: 2 }),
    ).toBeNull();
    expect(
      refuseAccountChange({
        actorUserId: "x",
        target,
        change: { kind: "role", role: "commissioner", organisationId: "c" },
        activeAdministratorCount: 2,
      }),
    ).toBeNull();
  });

  it("the database keeps at least one active administrator", () => {
    const db = createDemoWorldDb();
    expect(countActiveAdministrators(db)).toBe(1);
    expect(() => deactivateUser(db, admin, "user-admin")).toThrow(/your own account/);
    const other = invite(db, {
      email: "second.admin@pathway.example",
      role: "administrator",
      organisationId: "org-operator",
    });
    const otherAudit = { ...admin, userId: other.userId };
    expect(countActiveAdministrators(db)).toBe(2);
    deactivateUser(db, otherAudit, "user-admin");
    expect(countActiveAdministrators(db)).toBe(1);
    // The remaining administrator cannot be demoted by anyone, nor demote themselves.
    expect(() => changeRole(db, admin, other.userId, "commissioner", "org-nk-adp")).toThrow(
      /last active administrator/,
    );
    expect(() => changeRole(db, otherAudit, other.userId, "commissioner", "org-nk-adp")).toThrow(/your own role/);
  });

  it("changing someone's role moves them to a fitting organisation and ends their sessions", () => {
    const db = createDemoWorldDb();
    const token = startSession(db, "user-worker", {});
    expect(() => changeRole(db, admin, "user-worker", "service_worker", "org-firth-recovery")).toThrow(
      /can only be a referral worker/,
    );
    changeRole(db, admin, "user-worker", "service_worker", "org-nads");
    expect(db.select().from(users).where(eq(users.id, "user-worker")).get()).toMatchObject({
      role: "service_worker",
      organisationId: "org-nads",
    });
    expect(findActiveSession(db, token)).toBeNull();
  });
});
