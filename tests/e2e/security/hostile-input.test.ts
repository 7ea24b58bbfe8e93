// Script tags and event handlers typed into Pathway are shown as the text they are, on every
// page that shows them — the worker's case, the printed card, the service's view — and run
// nowhere. (Downloads, SQL strings, limits and the API are in tests/unit/security-hostile-input.)
import { eq } from "drizzle-orm";
import { custodyEpisodes, onwardReferrals, people } from "#db/schema";
import {
  makeOnwardReferral,
  shareAssessmentWithService,
  uniqueCustodyReference,
  uniqueName,
} from "../../support/factories";
import { fillDateOfBirth, openMoreDetails } from "../custody/support";
import { expect, test } from "../fixtures";
import type { Page } from "@playwright/test";

const SCRIPT = "<script>window.__xss=1</script>";
const IMAGE = `"><img src=x onerror="window.__xss=2">`;
const SVG = "<svg onload=window.__xss=3>";

/** Fails on any dialog, and after each page checks nothing ran. */
function watchForScripts(page: Page) {
  const ran: string[] = [];
  page.on("dialog", (dialog) => {
    ran.push(dialog.message());
    void dialog.dismiss();
  });
  return async () => {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(ran).toEqual([]);
    expect(await page.locator("img[src='x'], svg[onload]").count()).toBe(0);
  };
}

test("hostile text typed at booking is shown as text to custody, the worker, on the printed card and to the service", async ({
  page,
  db,
  login,
}) => {
  const nothingRan = watchForScripts(page);
  const familyName = `${uniqueName("Xss")}${IMAGE}`;
  await login("custody_officer");
  await page.goto("/custody/centres/cc-northfirth");
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Custody reference").fill(uniqueCustodyReference("NFC"));
  await page.getByLabel("Given name").fill(SCRIPT);
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "1984-02-29");
  await openMoreDetails(page);
  await page.getByRole("checkbox", { name: "Alcohol" }).check();
  await page.getByLabel("What the worker must know for safety (optional)").fill(SVG);
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByText("Referral made.")).toBeVisible();
  await expect(page.getByRole("link", { name: `${SCRIPT} ${familyName}` })).toBeVisible();
  await nothingRan();

  // Stored exactly as typed.
  const person = db.select().from(people).where(eq(people.familyName, familyName)).get()!;
  expect(person.givenName).toBe(SCRIPT);
  const episode = db.select().from(custodyEpisodes).where(eq(custodyEpisodes.personId, person.id)).get()!;
  expect(episode.safetyNotes).toBe(SVG);
  const referralId = db.$client.prepare("SELECT id FROM arrest_referrals WHERE person_id = ?").get(person.id) as {
    id: string;
  };

  await page.goto(`/custody/referrals/${referralId.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(SCRIPT);
  await nothingRan();

  // The worker's case, with a note on an onward referral and assessment notes.
  const onwardId = makeOnwardReferral(db, {
    referralId: referralId.id,
    serviceId: "svc-nads-treatment",
    status: "accepted",
  });
  db.update(onwardReferrals)
    .set({ note: `${SCRIPT} ${SVG}` })
    .where(eq(onwardReferrals.id, onwardId))
    .run();
  shareAssessmentWithService(db, onwardId, ["alcohol"], { alcohol: { level: "high", notes: `${IMAGE} drinks daily` } });
  await login("referral_worker");
  for (const url of [
    `/worker/referrals/${referralId.id}`,
    `/worker/referrals/${referralId.id}/card`,
    `/worker/referrals/${referralId.id}/onward`,
  ]) {
    await page.goto(url);
    await expect(page.getByText(SCRIPT, { exact: false }).first()).toBeVisible();
    await nothingRan();
  }

  await login("service_worker");
  await page.goto(`/service/referrals/${onwardId}`);
  await expect(page.getByText(`${IMAGE} drinks daily`)).toBeVisible();
  await expect(page.getByText(`${SCRIPT} ${SVG}`)).toBeVisible();
  await nothingRan();

  // And in the subject access view an administrator prints for the person.
  await login("administrator");
  await page.goto(`/admin/subject-access/${person.id}`);
  await expect(page.getByText(SCRIPT).first()).toBeVisible();
  await nothingRan();
});
