import fs from "node:fs";
import { makeReferral } from "../../support/factories";
import { expect, test } from "../fixtures";

test("a subject access download holds everything about the person, and is itself recorded", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const { personId, referralId, offer } = makeReferral(db, { disclosedNeeds: ["drugs", "housing"] });
  await login("administrator");

  await page.goto("/admin/subject-access");
  await checkA11y();
  await page.getByLabel("Person record id", { exact: true }).fill(personId);
  await page.getByRole("button", { name: "Open their record" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/subject-access/${personId}$`));
  await expect(page.getByRole("heading", { level: 1, name: `${offer.givenName} ${offer.familyName}` })).toBeVisible();
  await expect(page.getByRole("region", { name: /Times in custody/ })).toContainText(offer.custodyReference);
  await expect(page.getByRole("region", { name: /Consents/ })).toContainText("To see an arrest referral worker");
  await checkA11y();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as JSON" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`pathway-subject-access-${personId}.json`);
  const record = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  expect(record.person).toMatchObject({
    id: personId,
    givenName: offer.givenName,
    familyName: offer.familyName,
    dateOfBirth: offer.dateOfBirth,
  });
  expect(record.custodyEpisodes[0]).toMatchObject({
    custodyReference: offer.custodyReference,
    disclosedNeeds: ["drugs", "housing"],
  });
  expect(record.consents[0]).toMatchObject({
    scope: "speak_to_worker",
    recordedBy: { name: "Sgt Alex Morgan", organisation: "Caledonia Police Service" },
  });
  expect(record.arrestReferrals[0]).toMatchObject({ id: referralId, state: "new" });
  expect(record.accessLog.map((a: { action: string }) => a.action)).toEqual(
    expect.arrayContaining(["person.create", "referral.create", "subject-access.view", "subject-access.download"]),
  );

  // Who looked is in the audit log, under the person.
  await page.goto(`/admin/audit?personId=${personId}`);
  await expect(page.getByRole("cell", { name: "Downloaded a person's data (subject access)" })).toBeVisible();
});

test("an unknown person id is said plainly by the field", async ({ page, login }) => {
  await login("administrator");
  await page.goto("/admin/subject-access?personId=no-such-person");
  await expect(page.getByRole("alert")).toContainText("No person has this record id");
  await expect(page.getByLabel("Person record id", { exact: true })).toHaveValue("no-such-person");
});
