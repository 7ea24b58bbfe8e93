import { DEMO_ADMIN_TOTP_SECRET, DEMO_PASSWORD, demoEmails, expect, test, unusedTotpCode } from "../fixtures";
import { makeUser } from "../security/support";

const homes: [keyof typeof demoEmails, RegExp, string | RegExp][] = [
  // An officer lands on the centre picker, or straight on the centre they last worked at.
  ["custody_officer", /\/custody/, /Which custody centre are you working at\?|Custody/],
  ["referral_worker", /\/worker\/queue/, "Referral queue"],
  ["service_worker", /\/service\/inbox/, "Inbox"],
  ["commissioner", /\/commissioner/, "Referral and outcome rates"],
  ["administrator", /\/admin/, "Administration"],
];

for (const [role, home, heading] of homes) {
  test(`a ${role.replace(/_/g, " ")} signs in and lands on their home`, async ({ page, db, checkA11y }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await checkA11y();
    await page.getByLabel("Email address").fill(demoEmails[role]);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    if (role === "administrator") {
      // Administrators give a code from their authenticator app too.
      await expect(page.getByRole("heading", { name: "Enter your sign-in code" })).toBeVisible();
      await checkA11y();
      await page.getByLabel("Code").fill(await unusedTotpCode(db, demoEmails.administrator, DEMO_ADMIN_TOTP_SECRET));
      await page.getByRole("button", { name: "Continue" }).click();
    }
    await expect(page).toHaveURL(home);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await checkA11y();
  });
}

test("a wrong password gets one generic message and keeps the email typed", async ({ page, checkA11y }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(demoEmails.referral_worker);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("The email address or password is not right");
  await expect(page.getByLabel("Email address")).toHaveValue(demoEmails.referral_worker);
  await expect(page.getByLabel("Password")).toHaveValue("");

  // An unknown email reads exactly the same.
  const wrongPasswordText = (await summary.textContent()) ?? "";
  await page.getByLabel("Email address").fill("nobody-here@pathway.example");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Email address")).toHaveValue("nobody-here@pathway.example");
  await expect(page.getByRole("alert")).toHaveText(wrongPasswordText);
  await checkA11y();
});

test("an empty form says what is missing next to each field", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter your email address");
  await expect(page.locator("#field-email-error")).toHaveText(/Enter your email address/);
  await expect(page.locator("#field-password-error")).toHaveText(/Enter your password/);
});

test("signing out ends the session on the server: the old cookie no longer works", async ({ page, context, login }) => {
  await login("referral_worker");
  await page.goto("/worker/queue");
  await expect(page.getByRole("heading", { name: "Referral queue" })).toBeVisible();
  const oldCookies = await context.cookies();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await context.addCookies(oldCookies);
  await page.goto("/worker/queue");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fworker%2Fqueue/);
});

test("a page asked for before signing in is shown after signing in, past the second step", async ({ page, db }) => {
  // An administrator of its own, so this test and the one above never race for the same code.
  const admin = await makeUser(db, "administrator", { isEnrolled: true });
  await page.goto("/admin/settings");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fsettings/);
  await page.getByLabel("Email address").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Code").fill(await unusedTotpCode(db, admin.email, admin.totpSecret!));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/admin\/settings$/);
});
