import { uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { makeActiveWorker, signInElsewhere } from "./support";

test("an administrator invites someone, who sets a password and signs in as a referral worker", async ({
  page,
  browser,
  baseURL,
  login,
  checkA11y,
}) => {
  await login("administrator");
  const name = uniqueName("Ailsa");
  const email = `${name.toLowerCase()}@firth.example`;

  await page.goto("/admin/users/new");
  await page.getByLabel("Full name").fill(`${name} Grant`);
  await page.getByLabel("Email address").fill(email);
  await page
    .getByLabel("Organisation")
    .selectOption({ label: "Firth Recovery Partnership (Arrest referral provider)" });
  await page.getByLabel("Role").selectOption({ label: "Referral worker" });
  await page.getByRole("button", { name: "Invite and make a link" }).click();

  await expect(page.getByRole("heading", { name: `${name} Grant is invited` })).toBeVisible();
  const link = await page.getByLabel("Link to set a password").inputValue();
  expect(link).toMatch(/\/set-password\/[\w-]{40,}$/);
  await checkA11y();

  const newcomer = await (await browser.newContext({ baseURL })).newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { name: "Welcome to Pathway" })).toBeVisible();
  await checkA11y(newcomer);
  await newcomer.getByLabel("Password", { exact: true }).fill("short");
  await newcomer.getByLabel("Password again").fill("short");
  await newcomer.getByRole("button", { name: "Set password" }).click();
  await expect(newcomer.getByRole("alert")).toContainText("Use at least 12 characters");

  await newcomer.getByLabel("Password", { exact: true }).fill("a rather long passphrase");
  await newcomer.getByLabel("Password again").fill("a rather long passphrase");
  await newcomer.getByRole("button", { name: "Set password" }).click();
  await expect(newcomer.getByRole("status")).toContainText("Your password is set");

  // The link works once.
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { name: "This link does not work" })).toBeVisible();

  await newcomer.goto("/sign-in");
  await newcomer.getByLabel("Email address").fill(email);
  await newcomer.getByLabel("Password").fill("a rather long passphrase");
  await newcomer.getByRole("button", { name: "Sign in" }).click();
  await expect(newcomer).toHaveURL(/\/worker\/queue/);
  await expect(newcomer.getByRole("banner")).toContainText("Referral worker · Firth Recovery Partnership");

  // The administrator sees when they last signed in.
  await page.goto(`/admin/users?search=${encodeURIComponent(email)}`);
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Active");
  await expect(row).not.toContainText("Never");
});

test("deactivating someone ends their open session at once", async ({ page, browser, baseURL, db, login }) => {
  const worker = await makeActiveWorker(db);
  const workerPage = await signInElsewhere(browser, baseURL!, worker.email, worker.password);
  await expect(workerPage).toHaveURL(/\/worker\/queue/);

  await login("administrator");
  await page.goto(`/admin/users/${worker.userId}`);
  await expect(page.getByText("1 open session")).toBeVisible();
  await page.getByText(`Deactivate ${worker.name}`, { exact: true }).click();
  await page.getByRole("button", { name: `Yes, deactivate ${worker.name}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "every session of it ended" })).toBeVisible();

  await workerPage.reload();
  await expect(workerPage).toHaveURL(/\/sign-in/);
  await workerPage.getByLabel("Email address").fill(worker.email);
  await workerPage.getByLabel("Password").fill(worker.password);
  await workerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(workerPage.getByRole("alert")).toContainText("cannot sign in");
});

test("an invitation with a used email is refused by the email field and keeps what was typed", async ({
  page,
  login,
}) => {
  await login("administrator");
  await page.goto("/admin/users/new");
  await page.getByLabel("Full name").fill("Jamie Again");
  await page.getByLabel("Email address").fill("WORKER@pathway.example");
  await page
    .getByLabel("Organisation")
    .selectOption({ label: "Firth Recovery Partnership (Arrest referral provider)" });
  await page.getByLabel("Role").selectOption({ label: "Referral worker" });
  await page.getByRole("button", { name: "Invite and make a link" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Email address: Someone already uses Pathway with this email address",
  );
  await expect(page.locator("#field-email-error")).toContainText("already uses Pathway");
  await expect(page.getByLabel("Full name")).toHaveValue("Jamie Again");

  await page.getByLabel("Email address").fill(`${uniqueName("new").toLowerCase()}@police.example`);
  await page.getByLabel("Role").selectOption({ label: "Custody officer" });
  await page.getByRole("button", { name: "Invite and make a link" }).click();
  await expect(page.locator("#field-role-error")).toContainText("can only be a referral worker");
});

test("an administrator cannot lock themselves out: no deactivating or changing their own account", async ({
  page,
  login,
}) => {
  await login("administrator");
  await page.goto("/admin/users/user-admin");
  await expect(page.getByText("You cannot deactivate your own account.")).toBeVisible();
  await expect(
    page.getByText("You cannot change your own role or organisation. Ask another administrator."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: /deactivate/i })).toHaveCount(0);
});

test("a password reset link lets someone choose a new password", async ({ page, browser, baseURL, db, login }) => {
  const worker = await makeActiveWorker(db);
  await login("administrator");
  await page.goto(`/admin/users/${worker.userId}`);
  await page.getByRole("button", { name: "Make a password reset link" }).click();
  const link = await page.getByLabel("Link to set a password").inputValue();

  const other = await (await browser.newContext({ baseURL })).newPage();
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await other.getByLabel("Password", { exact: true }).fill("a brand new passphrase");
  await other.getByLabel("Password again").fill("a brand new passphrase");
  await other.getByRole("button", { name: "Set password" }).click();
  await expect(other.getByRole("status")).toContainText("Your password is set");
  const signedIn = await signInElsewhere(browser, baseURL!, worker.email, "a brand new passphrase");
  await expect(signedIn).toHaveURL(/\/worker\/queue/);
});
