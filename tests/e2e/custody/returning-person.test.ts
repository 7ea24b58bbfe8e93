import { eq } from "drizzle-orm";
import { arrestReferrals, people } from "#db/schema";
import { giveOutcomeSharingConsent, makeOnwardReferral, makeReferral, uniqueCustodyReference, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { inputCounter, openCentre } from "./support";

test("a returning person is recognised at booking and referred again in at most 6 inputs", async ({ page, db, login, checkA11y }) => {
  const familyName = uniqueName("Returning");
  const earlier = makeReferral(db, { centreId: "cc-kelmoor", givenName: "Dougie", familyName, dateOfBirth: "1984-06-30" });
  giveOutcomeSharingConsent(db, earlier.personId);
  makeOnwardReferral(db, { referralId: earlier.referralId, serviceId: "svc-nads-treatment", status: "in-progress", daysAgo: 12 });

  await login("custody_officer");
  await openCentre(page);
  const inputs = inputCounter();
  // Typed with a slip: the match still appears.
  await inputs.fill(page.getByLabel("Family name"), familyName.toLowerCase());
  await inputs.fill(page.getByLabel("Date of birth"), "1984-06-30");
  const match = page.getByRole("radio", { name: new RegExp(`Dougie ${familyName}`) });
  await expect(match).toBeVisible();
  await expect(page.getByText("Referred before: 1 time")).toBeVisible();
  await expect(page.getByText(/Kelmoor Custody Suite/)).toBeVisible();
  await expect(page.getByText("Latest: attending — drug and alcohol treatment, last update 12 days ago.")).toBeVisible();
  await checkA11y();

  await inputs.check(match);
  await expect(page.getByRole("radio", { name: "Accepted" })).toBeChecked();
  await inputs.fill(page.getByLabel("Custody reference"), uniqueCustodyReference("NFC"));
  await inputs.check(page.getByRole("checkbox", { name: /they agreed to see a worker/ }));
  await inputs.click(page.getByRole("button", { name: "Make referral" }));
  await expect(page.getByText("Referral made.")).toBeVisible();
  expect(inputs.count).toBeLessThanOrEqual(6);

  expect(db.select().from(people).where(eq(people.familyName, familyName)).all()).toHaveLength(1);
  expect(db.select().from(arrestReferrals).where(eq(arrestReferrals.personId, earlier.personId)).all()).toHaveLength(2);
});

test("without consent to share outcomes, custody sees only that earlier referrals exist", async ({ page, db, login }) => {
  const familyName = uniqueName("Private");
  const earlier = makeReferral(db, { centreId: "cc-kelmoor", givenName: "Rhona", familyName, dateOfBirth: "1979-12-01" });
  makeOnwardReferral(db, { referralId: earlier.referralId, serviceId: "svc-nads-treatment", status: "in-progress", daysAgo: 3 });

  await login("custody_officer");
  await openCentre(page);
  await page.getByLabel("Family name").fill(familyName);
  await page.getByLabel("Date of birth").fill("1979-12-01");
  await expect(page.getByText("Referred before: 1 time")).toBeVisible();
  await expect(page.getByText("Outcomes are not shared with custody for this person.")).toBeVisible();
  await expect(page.getByText(/attending/i)).toHaveCount(0);
});

test("the officer can always say none of these, making a new person", async ({ page, db, login }) => {
  const familyName = uniqueName("Twin");
  makeReferral(db, { givenName: "Alex", familyName, dateOfBirth: "1995-03-03" });
  await login("custody_officer");
  await openCentre(page);
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Custody reference").fill(uniqueCustodyReference("NFC"));
  await page.getByLabel("Given name").fill("Alex");
  await page.getByLabel("Family name").fill(familyName);
  await page.getByLabel("Date of birth").fill("1995-03-03");
  await page.getByRole("radio", { name: "None of these: this is a new person" }).check();
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByText("Referral made.")).toBeVisible();
  expect(db.select().from(people).where(eq(people.familyName, familyName)).all()).toHaveLength(2);
});
