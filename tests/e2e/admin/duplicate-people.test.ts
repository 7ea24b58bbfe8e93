import { makeReferral, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";

test("an administrator merges Euan's duplicate record into his first one, checks it, and undoes it", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // A long story on a shared machine: room to finish, not a speed check.
  test.setTimeout(120_000);
  // Euan was recorded in December; typed again later as a new person, with the same name and date.
  const family = uniqueName("Macdonald");
  const first = makeReferral(db, { givenName: "Euan", familyName: family, dateOfBirth: "1979-12-01" });
  const again = makeReferral(db, {
    givenName: "Euan",
    familyName: family,
    dateOfBirth: "1979-12-01",
    personId: "new",
    newPersonReason: "Did not look at the match list",
  } as never);
  await login("administrator");

  await page.goto("/admin/duplicates");
  await checkA11y();
  await page.screenshot({ path: "test-results/screens/duplicates-1280.png", fullPage: true });
  const pair = page.getByRole("listitem").filter({ hasText: `Euan ${family} and Euan ${family}` });
  await expect(pair).toContainText("Did not look at the match list");
  await pair.getByRole("link", { name: /Check and merge/ }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Check before merging" })).toBeVisible();
  // Counted in words that agree with the number.
  await expect(page.getByRole("region", { name: /What moves to/ }).getByRole("listitem")).toHaveText([
    "1 arrest referral",
    "1 consent",
    "1 time in custody",
  ]);
  await expect(page.getByText("Both have an open arrest referral")).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: "test-results/screens/merge-check-1280.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/merge-check-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Which record stays can be turned round, and back.
  const stays = page.getByRole("region", { name: "Person who stays" });
  await expect(stays).not.toContainText("Why custody made a new record");
  await page.getByRole("link", { name: "Keep the other record instead" }).click();
  await expect(stays).toContainText("Did not look at the match list");
  await page.getByRole("link", { name: "Keep the other record instead" }).click();
  await expect(stays).not.toContainText("Why custody made a new record");

  // The reason is asked for.
  await page.getByRole("button", { name: "Merge records" }).click();
  await expect(page.getByRole("alert")).toContainText("Say why these are the same person");
  await page.getByLabel("Why they are the same person").fill("Same person: custody confirmed the address");
  await page.getByRole("button", { name: "Merge records" }).click();
  await expect(page.getByText("The records were merged")).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: "test-results/screens/merge-done-1280.png", fullPage: true });

  // The duplicate's page says where it went; the one who stays holds both referrals.
  await page
    .getByRole("link", { name: new RegExp(`Euan ${family}, born`) })
    .last()
    .click();
  await expect(page.getByText("This record was merged into another person")).toBeVisible();
  await page.getByRole("link", { name: "their record" }).click();
  await expect(page.getByRole("region", { name: /Arrest referrals/ })).toContainText("(2)");
  await expect(page.getByRole("region", { name: /Also recorded as/ })).toContainText(again.personId);
  await page.goBack();
  await page.getByRole("link", { name: "see the merge" }).click();

  // Undo puts the duplicate's referral back.
  await page.getByText("Undo this merge").click();
  await page.getByLabel("Why the merge is being undone").fill("Twins: a different person after all");
  await page.getByRole("button", { name: "Undo merge" }).click();
  await expect(page.getByText("The merge was undone")).toBeVisible();
  await page.goto(`/admin/subject-access/${first.personId}`);
  await expect(page.getByRole("region", { name: /Arrest referrals/ })).toContainText("(1)");
});
