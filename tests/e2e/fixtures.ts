// Playwright fixtures: `db` opens the database the test server uses, `login` signs a user of a
// role in by putting a real session cookie in the browser, and `checkA11y` runs axe.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { openDatabase, type Db } from "#db/connection";
import { users, type Role } from "#db/schema";
import { startSession } from "~/domain/sessions.server";
import { totpCode, totpStep } from "~/domain/two-factor";
import { e2eDatabasePath } from "../../playwright.config";

export { DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD } from "#seed/demo-world";

/**
 * A code from the user's authenticator key that the server will still take: codes work once,
 * so when this 30-second step's code is spent (another test signed in just now), it is the
 * next step's (accepted one step early), or it waits for a fresh step.
 */
export async function unusedTotpCode(db: Db, email: string, secret: string): Promise<string> {
  for (;;) {
    const stored = db.select({ lastUsedStep: users.totpLastUsedStep }).from(users).where(eq(users.email, email)).get();
    const lastUsed = stored?.lastUsedStep ?? -1;
    const now = Date.now();
    const step = totpStep(now);
    // Not the very end of a step: the code must still be good when the server checks it.
    const isLateInStep = now % 30_000 > 27_000;
    if (lastUsed < step && !isLateInStep) return totpCode(secret, now);
    if (lastUsed < step + 1) return totpCode(secret, now + 30_000);
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (now % 30_000) + 100));
  }
}
export const demoEmails: Record<Role | "referral_worker_west", string> = {
  custody_officer: "custody@pathway.example",
  police_officer: "officer@pathway.example",
  referral_worker: "worker@pathway.example",
  referral_worker_west: "worker.west@pathway.example",
  service_worker: "service@pathway.example",
  commissioner: "commissioner@pathway.example",
  administrator: "admin@pathway.example",
};

const sessionCookie = createCookie("__Host-pathway_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: true,
  path: "/",
  secrets: ["e2e-session-secret-that-is-long-enough-0123456789"],
});

type Fixtures = {
  db: Db;
  login: (who: keyof typeof demoEmails | { email: string }) => Promise<{ userId: string }>;
  checkA11y: (page?: Page) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  db: async ({}, use) => {
    const db = openDatabase(e2eDatabasePath);
    await use(db);
    db.$client.close();
  },
  login: async ({ db, page, baseURL }, use) => {
    await use(async (who) => {
      const email = typeof who === "string" ? demoEmails[who] : who.email;
      const user = db.select().from(users).where(eq(users.email, email)).get();
      if (!user) throw new Error(`No user ${email} in the e2e database`);
      const token = startSession(db, user.id, { userAgent: "playwright" });
      const serialized = await sessionCookie.serialize(token);
      const value = serialized.split(";")[0].split("=").slice(1).join("=");
      await page.context().addCookies([
        // Chromium sends Secure cookies to http://localhost, but only accepts them over CDP for https.
        {
          name: "__Host-pathway_session",
          value,
          url: baseURL!.replace("http:", "https:"),
          httpOnly: true,
          secure: true,
          sameSite: "Lax",
        },
      ]);
      return { userId: user.id };
    });
  },
  checkA11y: async ({ page }, use) => {
    await use(async (target = page) => {
      const results = await new AxeBuilder({ page: target })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      const summary = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
      );
      expect(summary, `axe violations on ${target.url()}`).toEqual([]);
    });
  },
});

export { expect };
