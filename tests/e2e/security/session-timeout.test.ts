import { eq } from "drizzle-orm";
import { sessions } from "#db/schema";
import { expect, test } from "../fixtures";
import { makeUser } from "./support";

/** Makes the server's record say the person was last active `minutes` ago. */
function lastActiveMinutesAgo(db: Parameters<typeof makeUser>[0], userId: string, minutes: number) {
  db.update(sessions)
    .set({ lastSeenAt: new Date(Date.now() - minutes * 60_000).toISOString() })
    .where(eq(sessions.userId, userId))
    .run();
}

test("a minute before the idle timeout a warning offers to stay signed in, and staying keeps the session", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const worker = await makeUser(db, "referral_worker");
  await login({ email: worker.email });
  await page.clock.install();
  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The server-rendered page shows before its scripts run: move the clock only once it watches.
  await expect(page.locator("html[data-session-watch]")).toBeAttached();
  await expect(page.getByRole("dialog")).toBeHidden();

  // 29 minutes pass without anything being done.
  lastActiveMinutesAgo(db, worker.id, 29);
  await page.clock.fastForward("29:00");
  const warning = page.getByRole("dialog", { name: "You will be signed out in a minute" });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("after 30 minutes without activity");
  await expect(warning.getByRole("button", { name: "Stay signed in" })).toBeFocused();
  await checkA11y();

  await warning.getByRole("button", { name: "Stay signed in" }).click();
  await expect(warning).toBeHidden();
  const [session] = db.select().from(sessions).where(eq(sessions.userId, worker.id)).all();
  expect(Date.now() - new Date(session.lastSeenAt).getTime()).toBeLessThan(30_000);
  // Still signed in.
  await page.reload();
  await expect(page).toHaveURL(/\/notifications$/);
});

test("when the idle timeout passes the page goes to sign-in and says why", async ({ page, db, login }) => {
  const worker = await makeUser(db, "referral_worker");
  await login({ email: worker.email });
  await page.clock.install();
  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The server-rendered page shows before its scripts run: move the clock only once it watches.
  await expect(page.locator("html[data-session-watch]")).toBeAttached();

  lastActiveMinutesAgo(db, worker.id, 29);
  await page.clock.fastForward("29:00");
  await expect(page.getByRole("dialog", { name: "You will be signed out in a minute" })).toBeVisible();
  lastActiveMinutesAgo(db, worker.id, 31);
  await page.clock.fastForward("02:00");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fnotifications&reason=idle/);
  await expect(page.getByRole("status")).toContainText(
    "You were signed out because Pathway had not been used for a while",
  );
});

test("work in another tab keeps the session: the warning is not shown while the server says there is time", async ({
  page,
  db,
  login,
}) => {
  const worker = await makeUser(db, "referral_worker");
  await login({ email: worker.email });
  await page.clock.install();
  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // The server-rendered page shows before its scripts run: move the clock only once it watches.
  await expect(page.locator("html[data-session-watch]")).toBeAttached();
  // This tab has been idle for 29½ minutes, but the session was used elsewhere a moment ago
  // (its record on the server is fresh): no warning, and still signed in.
  const asked = page.waitForResponse("**/session/status");
  await page.clock.fastForward("29:30");
  expect(await (await asked).json()).toMatchObject({ isSignedIn: true });
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page).toHaveURL(/\/notifications$/);
});
