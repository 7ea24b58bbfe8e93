import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { commonPasswords } from "~/domain/common-passwords";
import { findPasswordLink, setPasswordWithLink } from "~/domain/invitations.server";
import { MIN_PASSWORD_LENGTH, isCommonPassword, passwordProblem } from "~/domain/password-policy";
import { checkSignIn } from "~/domain/sign-in.server";
import { inviteUser } from "~/domain/users.server";
import { action as setPasswordAction } from "~/routes/set-password.$token";
import { createDemoWorldDb } from "../support/test-db";

describe("the password policy", () => {
  it("asks for 12 characters and no particular kinds of character", () => {
    expect(passwordProblem("short one")).toMatch(/at least 12 characters/);
    expect(passwordProblem("tangerine orbit canal")).toBeNull();
    expect(passwordProblem("alllowercaseletters")).toBeNull();
  });

  it("refuses common passwords, however they are spaced or cased", () => {
    for (const common of ["123123123123", "PATHWAY PASSWORD 2026", "PathwayPassword123"]) {
      expect(isCommonPassword(common), common).toBe(true);
    }
    expect(passwordProblem("PathwayPassword123")).toMatch(/too common/);
    expect(isCommonPassword("tangerine orbit canal")).toBe(false);
  });

  it("keeps only entries that could match: long enough to pass the length rule, lower-case", () => {
    const cannotMatch = commonPasswords.filter((p) => p.length < MIN_PASSWORD_LENGTH || p !== p.toLowerCase());
    expect(cannotMatch).toEqual([]);
    expect(commonPasswords.length).toBeGreaterThan(500);
    // From the NCSC's top 100k, named in the module's header.
    expect(passwordProblem("Q1W2E3R4T5Y6")).toMatch(/too common/);
    // From the ten million passwords list as zxcvbn-ts ranks it (scripts/common-passwords/).
    for (const common of ["LeaveMeAlone", "Final Fantasy", "qazwsxedcrfv", "sonyericsson"])
      expect(passwordProblem(common), common).toMatch(/too common/);
  });

  it("refuses the person's own email address and a run of one character", () => {
    expect(passwordProblem("sam.okafor@pathway.example", "Sam.Okafor@pathway.example")).toMatch(/email address/);
    expect(passwordProblem("aaaaaaaaaaaaaaaa")).toMatch(/harder to guess/);
  });

  it("says when a password is too long rather than cutting it short", () => {
    expect(passwordProblem("x".repeat(255) + "yz")).toMatch(/256 characters or fewer/);
  });
});

describe("every place a password is set follows it", () => {
  async function invited() {
    const db = createDemoWorldDb();
    const { token, userId } = inviteUser(
      db,
      { userId: "user-admin", organisationId: "org-operator" },
      {
        name: "New Person",
        email: "new.person@firth.example",
        role: "referral_worker",
        organisationId: "org-firth-recovery",
      },
    );
    return { db, token, userId };
  }

  it("a long password is kept whole: only all of it signs in", async () => {
    const { db, token } = await invited();
    const long = "correct horse battery staple ".repeat(8).trim(); // 231 characters
    await setPasswordWithLink(db, token, long, {});
    expect((await checkSignIn(db, "new.person@firth.example", long, {})).ok).toBe(true);
    expect((await checkSignIn(db, "new.person@firth.example", long.slice(0, 72), {})).ok).toBe(false);
    expect(db.select().from(users).where(eq(users.email, "new.person@firth.example")).get()!.passwordHash).toMatch(
      /^\$argon2id\$/,
    );
  });

  it("the set-password page says why, next to the field", async () => {
    const { db, token } = await invited();
    globalThis.__pathwayDb = db;
    try {
      const body = new URLSearchParams({ password: "pathwaypassword2026", confirmPassword: "pathwaypassword2026" });
      const result = (await setPasswordAction({
        request: new Request(`http://localhost/set-password/${token}`, { method: "POST", body }),
        params: { token },
        context: { clientAddress: null, cspNonce: "" },
      })) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
      expect(result.init.status).toBe(400);
      expect(result.data.errors.password).toMatch(/too common/);
      // The link still works for another try.
      expect(findPasswordLink(db, token).status).toBe("valid");
    } finally {
      globalThis.__pathwayDb = undefined;
    }
  });
});
