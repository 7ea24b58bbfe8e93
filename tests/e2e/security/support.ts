// People made for the security tests, straight into the e2e database: fresh accounts, so that
// lockouts, spent codes and changed settings never touch the demo users other tests sign in as.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { users, type Role } from "#db/schema";
import { hashPassword } from "~/domain/passwords.server";
import { hashRecoveryCode, newTotpSecret } from "~/domain/two-factor";
import { uniqueName } from "../../support/factories";
import type { Browser, Page } from "@playwright/test";

export const SECURITY_PASSWORD = "a long and unusual passphrase";

const organisationFor: Record<Role, string> = {
  custody_officer: "org-police",
  police_officer: "org-police",
  referral_worker: "org-firth-recovery",
  service_worker: "org-nads",
  commissioner: "org-nk-adp",
  administrator: "org-operator",
};

/** A new active user with a password; with `isEnrolled`, an authenticator key already set up. */
export async function makeUser(db: Db, role: Role, { isEnrolled = false, recoveryCodes = [] as string[] } = {}) {
  const name = uniqueName("Sec");
  const email = `${name.toLowerCase()}@security.example`;
  const id = `user-${name.toLowerCase()}`;
  const totpSecret = isEnrolled ? newTotpSecret() : null;
  db.insert(users)
    .values({
      id,
      email,
      name: `${name} Tester`,
      role,
      organisationId: organisationFor[role],
      passwordHash: await hashPassword(SECURITY_PASSWORD),
      totpSecret,
      totpEnabledAt: isEnrolled ? new Date().toISOString() : null,
      recoveryCodeHashes: isEnrolled ? recoveryCodes.map(hashRecoveryCode) : null,
    })
    .run();
  return { id, email, name, password: SECURITY_PASSWORD, totpSecret };
}

export function userRow(db: Db, id: string) {
  return db.select().from(users).where(eq(users.id, id)).get()!;
}

/** The sign-in form, filled and sent, in a browser context of its own. */
export async function submitPassword(page: Page, email: string, password = SECURITY_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function newPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}
