import type { Db } from "#db/connection";
import { setPasswordWithLink } from "~/domain/invitations.server";
import { inviteUser } from "~/domain/users.server";
import { uniqueName } from "../../support/factories";
import type { Browser, Page } from "@playwright/test";

export const adminAudit = { userId: "user-admin", organisationId: "org-operator", ipAddress: "127.0.0.1" };

/** A referral worker who has accepted their invitation, made through the same domain calls as the pages. */
export async function makeActiveWorker(db: Db, password = "correct horse battery staple") {
  const name = uniqueName("Worker");
  const email = `${name.toLowerCase()}@firth.example`;
  const invited = inviteUser(db, adminAudit, {
    name,
    email,
    role: "referral_worker",
    organisationId: "org-firth-recovery",
  });
  await setPasswordWithLink(db, invited.token, password, {});
  return { userId: invited.userId, name, email, password };
}

/** Signs in through the sign-in page in a browser of its own. */
export async function signInElsewhere(
  browser: Browser,
  baseURL: string,
  email: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}
