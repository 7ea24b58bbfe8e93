import { eq } from "drizzle-orm";
import { arrestReferrals, custodyOffers, people } from "#db/schema";
import { makeReferral, uniqueCustodyReference, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { fillDateOfBirth, inputCounter, openCentre, openMoreDetails } from "./support";

test("a new person's accepted referral is saved in at most 12 inputs from the centre page", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  await login("custody_officer");
  await openCentre(page);
  await checkA11y();

  const familyName = uniqueName("Fairlie");
  const reference = uniqueCustodyReference("NFC");
  const inputs = inputCounter();
  await inputs.check(page.getByRole("radio", { name: "Accepted" }));
  await inputs.fill(page.getByLabel("Custody reference"), reference);
  await inputs.fill(page.getByLabel("Given name"), "Morag");
  await inputs.fill(page.getByLabel("Family name"), familyName);
  await inputs.fillDateOfBirth(page, "1987-09-21");
  await expect(page.getByText("No earlier referrals found for this person.")).toBeVisible();
  await inputs.click(page.getByText("Needs, safety and arrival time (optional)"));
  await inputs.check(page.getByRole("checkbox", { name: "Drugs" }));
  await inputs.check(page.getByRole("checkbox", { name: "Housing" }));
  await inputs.check(page.getByRole("checkbox", { name: /they agreed to see a worker/ }));
  await inputs.click(page.getByRole("button", { name: "Make referral" }));

  await expect(page.getByText("Referral made. It is in the referral workers’ queue now.")).toBeVisible();
  expect(inputs.count).toBeLessThanOrEqual(12);
  await expect(page.getByRole("link", { name: `Morag ${familyName}` })).toBeVisible();
  await checkA11y();

  const person = db.select().from(people).where(eq(people.familyName, familyName)).get();
  expect(person?.dateOfBirth).toBe("1987-09-21");
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.personId, person!.id)).get();
  expect(referral?.state).toBe("new");
});

test("the offer form works by keyboard alone", async ({ page, db, login }) => {
  await login("custody_officer");
  await openCentre(page);
  const familyName = uniqueName("Keys");
  await page.getByRole("radio", { name: "Accepted" }).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.type(uniqueCustodyReference("NFC"));
  await page.keyboard.press("Tab");
  await page.keyboard.type("Ali");
  await page.keyboard.press("Tab");
  await page.keyboard.type(familyName);
  await page.keyboard.press("Tab");
  // Day, month and year in their own boxes, whatever the browser's language.
  await page.keyboard.type("5");
  await page.keyboard.press("Tab");
  await page.keyboard.type("6");
  await page.keyboard.press("Tab");
  await page.keyboard.type("1990");
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Make referral" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Referral made.")).toBeVisible();
  expect(db.select().from(people).where(eq(people.familyName, familyName)).get()?.dateOfBirth).toBe("1990-06-05");
});

test("mistakes are explained by each field and nothing typed is lost", async ({ page, db, login, checkA11y }) => {
  await login("custody_officer");
  await openCentre(page);
  const familyName = uniqueName("Kept");
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Custody reference").fill("WRONG-123");
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "2030-01-01");
  await openMoreDetails(page);
  await page.getByRole("checkbox", { name: "Alcohol" }).check();
  await page.getByRole("button", { name: "Make referral" }).click();

  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toContainText("Enter the given name");
  await expect(summary).toContainText("cannot be in the future");
  await expect(summary).toContainText("Confirm the person was told what arrest referral is");
  // The centre's reference format is checked with everything else, not after.
  await expect(summary).toContainText(
    "The custody reference WRONG-123 is not in this centre's format. Enter it like NFC/26/004512",
  );
  await expect(page.locator("#field-givenName-error")).toContainText("Enter the given name");
  await expect(page.getByLabel("Family name")).toHaveValue(familyName);
  await expect(page.getByLabel("Custody reference")).toHaveValue("WRONG-123");
  await expect(page.getByRole("checkbox", { name: "Alcohol" })).toBeChecked();
  await checkA11y();

  // Fix everything but the reference: it is still refused, with its own message.
  await page.getByLabel("Given name").fill("Iona");
  await fillDateOfBirth(page, "1990-01-01");
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByRole("alert")).toContainText("like NFC/26/004512");
  await expect(page.getByRole("alert")).not.toContainText("Enter the given name");
  expect(db.select().from(people).where(eq(people.familyName, familyName)).all()).toHaveLength(0);
});

test("a declined offer stores no name", async ({ page, db, login }) => {
  await login("custody_officer");
  await openCentre(page);
  const familyName = uniqueName("Declined");
  // Other tests record declined offers at the same time: look for the new ones, not a count.
  const before = new Set(
    db
      .select()
      .from(custodyOffers)
      .where(eq(custodyOffers.result, "declined"))
      .all()
      .map((o) => o.id),
  );
  await page.getByLabel("Family name").fill(familyName);
  await page.getByRole("radio", { name: "Declined" }).check();
  await expect(page.getByText("Only the centre, the time and the reason are kept")).toBeVisible();
  await page.getByRole("button", { name: "Record offer" }).click();
  await expect(page.getByText("Declined offer recorded. No personal details were kept.")).toBeVisible();

  const declined = db.select().from(custodyOffers).where(eq(custodyOffers.result, "declined")).all();
  expect(declined.filter((o) => !before.has(o.id)).length).toBeGreaterThanOrEqual(1);
  expect(declined.every((o) => o.custodyReference === null && o.custodyEpisodeId === null)).toBe(true);
  expect(db.select().from(people).where(eq(people.familyName, familyName)).all()).toHaveLength(0);
  const everything = JSON.stringify(db.$client.prepare("SELECT * FROM custody_offers").all());
  expect(everything).not.toContain(familyName);
});

test("not fit to consent now is listed to offer again, then offered again", async ({ page, db, login }) => {
  await login("custody_officer");
  await openCentre(page);
  const reference = uniqueCustodyReference("NFC");
  await page.getByRole("radio", { name: "Not fit to consent now" }).check();
  await page.getByLabel("Custody reference").fill(reference);
  await page.getByRole("button", { name: "Record offer" }).click();
  const offerAgain = page.getByRole("region", { name: "Offer again later" });
  await expect(offerAgain).toContainText(reference);

  await offerAgain.getByRole("link", { name: `Offer again to ${reference}` }).click();
  await expect(page.getByLabel("Custody reference")).toHaveValue(reference);
  await page.getByRole("radio", { name: "Declined" }).check();
  await page.getByRole("button", { name: "Record offer" }).click();
  await expect(page.getByText("Declined offer recorded.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Offer again later" })).not.toContainText(reference);
  const notFit = db.select().from(custodyOffers).where(eq(custodyOffers.custodyReference, reference)).get();
  expect(notFit?.reofferedAt).not.toBeNull();
});

test("the same custody reference twice: the second officer is told and offered the existing referral", async ({
  page,
  db,
  login,
}) => {
  const existing = makeReferral(db, { centreId: "cc-northfirth" });
  await login("custody_officer");
  await openCentre(page);
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Custody reference").fill(existing.offer.custodyReference);
  await page.getByLabel("Given name").fill("Another");
  await page.getByLabel("Family name").fill(uniqueName("Person"));
  await fillDateOfBirth(page, "1979-05-05");
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByRole("alert")).toContainText("already exists at this centre");
  await page.getByRole("link", { name: "Open the existing referral" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    `${existing.offer.givenName} ${existing.offer.familyName}`,
  );
});

test("release before a worker has seen the person moves the referral to community follow-up", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const { referralId } = makeReferral(db, { centreId: "cc-kelmoor" });
  await login("custody_officer");
  await page.goto(`/custody/referrals/${referralId}`);
  await checkA11y();
  await page.getByRole("button", { name: "Record release" }).click();
  await expect(page.getByRole("status")).toContainText("Release recorded at");
  await expect(page.getByRole("status")).toContainText("the referral has moved to community follow-up");
  await expect(page.getByText("Released before seen: community follow-up")).toBeVisible();
  expect(db.select().from(arrestReferrals).where(eq(arrestReferrals.id, referralId)).get()?.state).toBe("follow_up");
});

test("an officer cancels a referral they made in error, with a reason", async ({ page, db, login }) => {
  const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
  await login("custody_officer");
  await page.goto(`/custody/referrals/${referralId}`);
  await page.getByRole("button", { name: "Cancel this referral" }).click();
  await expect(page.getByRole("alert")).toContainText("Say why this referral was made in error");
  await page.getByLabel("Why was it made in error?").fill("Recorded against the wrong detainee");
  await page.getByRole("button", { name: "Cancel this referral" }).click();
  await expect(page.getByText("Closed (Recorded in error (cancelled by custody))")).toBeVisible();
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.id, referralId)).get();
  expect(referral?.closureReason).toBe("recorded_in_error");
});

for (const role of ["service_worker", "commissioner", "administrator"] as const) {
  test(`a ${role.replace(/_/g, " ")} cannot open custody pages (403)`, async ({ page, db, login }) => {
    const { referralId } = makeReferral(db);
    await login(role);
    for (const path of ["/custody", "/custody/centres/cc-northfirth", `/custody/referrals/${referralId}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
  });
}
