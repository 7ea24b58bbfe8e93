import { eq } from "drizzle-orm";
import { notifications, users } from "#db/schema";
import { notify } from "~/domain/notifications.server";
import { notifyOverdueFeedback } from "~/domain/overdue.server";
import { makeOnwardReferral, makeReferral, uniqueName } from "../../support/factories";
import { demoEmails, expect, test } from "../fixtures";

test("a worker with 280 overdue notices sees one digest, and the person back in custody first and by name", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const worker = db.select().from(users).where(eq(users.email, demoEmails.referral_worker)).get()!;
  // Start from an empty list: earlier tests leave notices of their own.
  db.update(notifications).set({ readAt: new Date().toISOString() }).where(eq(notifications.userId, worker.id)).run();
  const family = uniqueName("Overdue");
  const referral = makeReferral(db, { givenName: "Callum", familyName: family } as never);
  for (let i = 0; i < 280; i++)
    makeOnwardReferral(db, {
      referralId: referral.referralId,
      serviceId: "svc-nads-treatment",
      status: "accepted",
      daysAgo: 40,
    });
  notifyOverdueFeedback(db);
  notify(
    db,
    { userIds: [worker.id] },
    "person.back_in_custody",
    "Back in custody at Northfirth: a person you assessed",
    `/worker/referrals/${referral.referralId}`,
    { personId: referral.personId },
  );
  await login("referral_worker");
  await page.goto("/notifications");
  await checkA11y();
  const lines = page.getByRole("main").getByRole("list").last().locator("> li");
  // Back-in-custody notices come first; tests beside this one may add their own for the same worker.
  await expect(lines.first()).toContainText("Back in custody");
  const backInCustody = lines.filter({ hasText: "Back in custody" });
  await expect(backInCustody.filter({ hasText: `Callum ${family}` })).toHaveCount(1);
  const firstOther = await lines.evaluateAll((items) =>
    items.findIndex((item) => !item.textContent?.includes("Back in custody")),
  );
  const callum = await lines.evaluateAll(
    (items, name) => items.findIndex((item) => item.textContent?.includes(name)),
    `Callum ${family}`,
  );
  expect(firstOther === -1 || callum < firstOther).toBe(true);
  // The 280 made here, and any other overdue notices of the demo's for the same service and day.
  const digest = page.getByText(/Overdue feedback: \d+ notices/).first();
  await expect(digest).toBeVisible();
  const counts = (await page.getByText(/Overdue feedback: \d+ notices/).allTextContents()).map((text) =>
    Number(text.match(/(\d+) notices/)?.[1]),
  );
  expect(Math.max(...counts)).toBeGreaterThanOrEqual(280);
  // The badge counts lines, not notices.
  await expect(page.getByRole("banner")).not.toContainText("28");
  await page.screenshot({ path: "test-results/screens/notifications-1280.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await checkA11y();
  await page.screenshot({ path: "test-results/screens/notifications-390.png" });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Mark the digest read; filter to back in custody only.
  await page
    .getByRole("button", { name: /Mark as read\s*:\s*Overdue feedback/ })
    .first()
    .click();
  await expect(digest).toBeVisible();
  await page.getByRole("link", { name: "Back in custody", exact: true }).click();
  await expect(page.getByText(/Overdue feedback: \d+/)).toHaveCount(0);
  await page.getByRole("button", { name: /^Open\s*:\s*Back in custody at Northfirth: a person you assessed/ }).click();
  await expect(page).toHaveURL(new RegExp(`/worker/referrals/${referral.referralId}`));
});
