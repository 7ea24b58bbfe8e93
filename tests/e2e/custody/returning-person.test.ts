import { eq } from "drizzle-orm";
import { arrestReferrals, people } from "#db/schema";
import {
  giveOutcomeSharingConsent,
  makeOnwardReferral,
  makeReferral,
  uniqueCustodyReference,
  uniqueName,
} from "../../support/factories";
import { expect, test } from "../fixtures";
import { fillDateOfBirth, inputCounter, openCentre } from "./support";

test("a returning person is recognised at booking and referred again in at most 6 inputs", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const familyName = uniqueName("Returning");
  const earlier = makeReferral(db, {
    centreId: "cc-kelmoor",
    givenName: "Dougie",
    familyName,
    dateOfBirth: "1984-06-30",
  });
  giveOutcomeSharingConsent(db, earlier.personId);
  makeOnwardReferral(db, {
    referralId: earlier.referralId,
    serviceId: "svc-nads-treatment",
    status: "in-progress",
    daysAgo: 12,
  });

  await login("custody_officer");
  await openCentre(page);
  const inputs = inputCounter();
  // Typed with a slip: the match still appears.
  await inputs.fill(page.getByLabel("Family name"), familyName.toLowerCase());
  await inputs.fillDateOfBirth(page, "1984-06-30");
  const match = page.getByRole("radio", { name: new RegExp(`Dougie ${familyName}`) });
  await expect(match).toBeVisible();
  await expect(page.getByText("Referred before: 1 time")).toBeVisible();
  await expect(page.getByText(/Kelmoor Custody Suite/)).toBeVisible();
  await expect(
    page.getByText(
      "Drug and alcohol treatment (Northfirth Drug and Alcohol Treatment): attending, last update 12 days ago.",
    ),
  ).toBeVisible();
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

test("without consent to share outcomes, custody sees only that earlier referrals exist", async ({
  page,
  db,
  login,
}) => {
  const familyName = uniqueName("Private");
  const earlier = makeReferral(db, {
    centreId: "cc-kelmoor",
    givenName: "Rhona",
    familyName,
    dateOfBirth: "1979-12-01",
  });
  makeOnwardReferral(db, {
    referralId: earlier.referralId,
    serviceId: "svc-nads-treatment",
    status: "in-progress",
    daysAgo: 3,
  });

  await login("custody_officer");
  await openCentre(page);
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "1979-12-01");
  await expect(page.getByText("Referred before: 1 time")).toBeVisible();
  await expect(page.getByText("Outcomes are not shared with custody for this person.")).toBeVisible();
  await expect(page.getByText(/attending/i)).toHaveCount(0);
});

test("Euan offered again with the same name and date of birth: the match must be answered, and a new person needs a reason", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const familyName = uniqueName("Euan");
  const earlier = makeReferral(db, { givenName: "Euan", familyName, dateOfBirth: "1979-12-01" });
  await login("custody_officer");
  await openCentre(page);
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Custody reference").fill(uniqueCustodyReference("NFC"));
  await page.getByLabel("Given name").fill("Euan");
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "1979-12-01");
  const box = page.getByRole("group", { name: /Is this someone already known to Pathway\? You must answer/ });
  await expect(box.getByRole("radio", { name: new RegExp(`Euan ${familyName}`) })).toBeVisible();
  // Nothing is chosen for the officer.
  await expect(box.getByRole("radio", { checked: true })).toHaveCount(0);
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Say whether this is the same person as someone already known to Pathway, or a new person",
  );
  expect(db.select().from(people).where(eq(people.familyName, familyName)).all()).toHaveLength(1);

  // "New person" against the same name and date of birth asks why.
  await page.getByRole("radio", { name: "None of these: this is a new person" }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Say why this is a new person although someone with the same name and date of birth is known",
  );
  await checkA11y();
  await page
    .getByLabel("Why is this a different person with the same name and date of birth?")
    .fill("Twin brother: different address and tattoos");
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByText("Referral made.")).toBeVisible();
  const both = db.select().from(people).where(eq(people.familyName, familyName)).all();
  expect(both).toHaveLength(2);
  expect(both.find((p) => p.id !== earlier.personId)?.newPersonReason).toBe(
    "Twin brother: different address and tattoos",
  );
});

test("Callum's completed drug treatment is not hidden by housing declining later", async ({ page, db, login }) => {
  const familyName = uniqueName("Callum");
  const earlier = makeReferral(db, { givenName: "Callum", familyName, dateOfBirth: "1991-04-17" });
  giveOutcomeSharingConsent(db, earlier.personId);
  makeOnwardReferral(db, {
    referralId: earlier.referralId,
    serviceId: "svc-nads-treatment",
    status: "completed",
    daysAgo: 30,
  });
  makeOnwardReferral(db, {
    referralId: earlier.referralId,
    serviceId: "svc-harbour-housing",
    status: "rejected",
    daysAgo: 4,
  });
  await login("custody_officer");
  await openCentre(page);
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "1991-04-17");
  const match = page.getByRole("radio", { name: new RegExp(`Callum ${familyName}`) });
  await expect(match).toBeVisible();
  await expect(
    page.getByText(
      "Drug and alcohol treatment (Northfirth Drug and Alcohol Treatment): completed, last update 30 days ago.",
    ),
  ).toBeVisible();
  await expect(
    page.getByText("Housing (Harbour Housing Advice): declined by the service, last update 4 days ago."),
  ).toBeVisible();
});
