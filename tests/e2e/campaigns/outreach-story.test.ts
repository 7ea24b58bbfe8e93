// Issue 21's story, end to end on one campaign: a police officer creates it from a file of
// numbers, an administrator approves its text, the campaign job sends it through the Outbox, a
// recipient opens the link on a phone and asks for support, the partner provider's worker
// contacts, assesses and refers them on, the service reports that they attended, and the
// campaign's results show each step. The campaign job runs in this process against the server's
// database, as the server's background job would (the e2e server runs no jobs); the test waits
// for what it changed, never for time.
//
// Every count on the results page is protected (app/domain/disclosure.ts): one person shows as 0
// or 5, depending on their record key. So the test works out, from this story's own records,
// what each step's count truly is and what the disclosure rule makes of it, and checks the page
// says exactly that.
import { and, eq } from "drizzle-orm";
import {
  arrestReferrals,
  campaignNumbers,
  campaigns,
  needsAssessments,
  onwardReferrals,
  people,
  publicFormAttempts,
} from "#db/schema";
import { CAMPAIGN_STEPS, campaignStepLabels, type CampaignStep } from "~/domain/campaign-results";
import { campaignResults, derivedRecordKey } from "~/domain/campaign-results.server";
import { runCampaignSending } from "~/domain/campaign-sending.server";
import { countCell } from "~/domain/disclosure";
import { outboxChannel } from "~/domain/message-channels.server";
import { campaignOpens, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { serviceReportsAttendance, workerAssessesAndRefersOn } from "../story-steps";
import type { Page } from "@playwright/test";

const outbox = { email: outboxChannel(), sms: outboxChannel() };
const shots = "test-results/screens";

/** The count each step's row shows on the results page, by step. */
async function shownCounts(page: Page) {
  const shown = {} as Record<CampaignStep, string>;
  for (const step of CAMPAIGN_STEPS) {
    const row = page.getByRole("row").filter({
      has: page.getByRole("rowheader", { name: campaignStepLabels[step].label, exact: true }),
    });
    await expect(row).toHaveCount(1);
    shown[step] = (await row.locator(`td[data-step="${step}"]`).innerText()).trim();
  }
  return shown;
}

test("a campaign from a file of numbers to a person who attended a service, step by step in its results", async ({
  browser,
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(240_000);
  const campaignName = `Operation ${uniqueName("Kestrel")}`;
  const base = 900000 + Math.floor(Math.random() * 90000);
  const numbers = [0, 1, 2, 3, 4].map((i) => `07700 ${base + i}`);

  // 1. The police officer creates the campaign and uploads the file of numbers.
  await login("police_officer");
  await page.goto("/police/campaigns");
  await page.getByRole("link", { name: "Create a campaign" }).click();
  await page.getByLabel("Campaign name").fill(campaignName);
  await page.getByLabel("Investigation reference").fill("OP-STORY-REFERENCE");
  await page.getByLabel("Area").selectOption({ label: "Northfirth Council" });
  await page.getByLabel("Partner provider").selectOption({ label: "Firth Recovery Partnership" });
  await page.getByLabel("Texts a minute").fill("60");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page.getByRole("heading", { level: 1, name: campaignName })).toBeVisible();
  const campaignId = new URL(page.url()).pathname.split("/").at(-1)!;
  const { code } = db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!;
  await page.getByLabel("File of phone numbers (CSV or TXT)").setInputFiles({
    name: "numbers.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(numbers.join("\n")),
  });
  await page.getByRole("button", { name: "Upload numbers", exact: true }).click();
  await expect(page.getByTestId("upload-summary")).toContainText("5 entries read, 5 kept");
  await page.getByRole("button", { name: "Ask for approval" }).click();
  await expect(page.getByText("Waiting for an administrator to approve the text.")).toBeVisible();

  // 2. An administrator approves the text.
  await login("administrator");
  await page.goto("/admin/campaigns");
  await page.getByRole("link", { name: campaignName }).click();
  await expect(page.getByText(`/h/${code} Reply STOP`)).toBeVisible();
  await page.getByRole("button", { name: "Approve the text" }).click();
  await expect(page.getByText(/^Approved by/)).toBeVisible();

  // 3. The officer starts sending; the campaign job sends until the page says it has finished.
  await login("police_officer");
  await page.goto(`/police/campaigns/${campaignId}`);
  await page.getByRole("button", { name: "Start sending" }).click();
  await expect(page.getByText("0 of 5 numbers dealt with (0%)")).toBeVisible();
  await expect(async () => {
    await runCampaignSending(db, outbox, { campaignIds: [campaignId], seconds: 10 });
    await page.reload();
    await expect(page.getByText("5 of 5 numbers dealt with (100%)")).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(page.getByText("Finished", { exact: true })).toBeVisible();
  // The Outbox keeps the texts: none left Pathway, so none is counted as sent or delivered.
  const sentRows = db
    .select({ status: campaignNumbers.status, delivery: campaignNumbers.deliveryStatus })
    .from(campaignNumbers)
    .where(eq(campaignNumbers.campaignId, campaignId))
    .all();
  expect(sentRows).toEqual(Array(5).fill({ status: "held", delivery: null }));

  // 4. A recipient opens the link on a phone (no JavaScript needed) and asks for support.
  // The rate limit counts this machine's address across tests: this story starts it afresh.
  db.delete(publicFormAttempts).run();
  const recipientName = uniqueName("Ainslie");
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const recipient = await phone.newPage();
  await recipient.goto(`/h/${code}`);
  await recipient.getByLabel("Your first name, or a name we can call you").fill(recipientName);
  await recipient.getByLabel("Phone call or text message").check();
  await recipient.getByLabel("Phone number", { exact: true }).fill(numbers[2]);
  await recipient.getByLabel("Mornings").check();
  await recipient.getByLabel("Drugs").check();
  await recipient.getByLabel("I agree").check();
  await recipient.getByRole("button", { name: "Send" }).click();
  await expect(recipient.getByRole("heading", { name: "Thank you. We have your message" })).toBeVisible();
  await phone.close();
  const referral = db
    .select({ id: arrestReferrals.id, recordKey: arrestReferrals.recordKey, campaignId: arrestReferrals.campaignId })
    .from(arrestReferrals)
    .innerJoin(people, eq(people.id, arrestReferrals.personId))
    .where(eq(people.givenName, recipientName))
    .get()!;
  expect(referral.campaignId).toBe(campaignId);
  const recordKey = referral.recordKey!;
  expect(recordKey).toEqual(expect.any(Number));

  // What the results page must say for a true count, by this story's own records.
  const opens = () => campaignOpens(db, campaignId);
  const expected = (reached: CampaignStep[]) =>
    Object.fromEntries(
      CAMPAIGN_STEPS.map((step) => {
        if (step === "opened") return [step, countCell(opens(), derivedRecordKey(`${campaignId}:opened`)).text];
        return [step, reached.includes(step) ? countCell(1, recordKey).text : "0"];
      }),
    );
  const resultsNow = async () => {
    await page.goto(`/campaign-results/${campaignId}`);
    await expect(page.getByRole("heading", { level: 1, name: `${campaignName}: results` })).toBeVisible();
    const shown = await shownCounts(page);
    // The page shows what the results function gives, and nothing kinder.
    const [fromDomain] = campaignResults(db, [
      { ...db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()! },
    ]);
    expect(shown).toEqual(Object.fromEntries(CAMPAIGN_STEPS.map((step) => [step, fromDomain.cells[step].text])));
    return shown;
  };
  // The recipient opened the page once; sending the form is not another open.
  expect(opens()).toBe(1);
  const afterSelfReferral = await resultsNow();
  expect(afterSelfReferral).toEqual(expected(["selfReferred"]));

  // 5. Firth Recovery's worker finds them, speaks to them, assesses them and refers them on.
  await login("referral_worker");
  await page.goto("/worker/queue?shown=500");
  await page
    .getByRole("link", { name: new RegExp(recipientName) })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/worker/referrals/${referral.id}`));
  await page.getByRole("button", { name: /Claim this referral|Take on this follow-up/ }).click();
  const attempt = page.getByRole("region", { name: "Record a contact attempt" });
  await attempt.getByLabel("What happened").selectOption({ label: "Spoke to the person" });
  await attempt.getByRole("button", { name: "Save attempt" }).click();
  const [onward] = await workerAssessesAndRefersOn(page, db, referral.id);

  // 6. The treatment service reports that the person attended that referral.
  await login("service_worker");
  await serviceReportsAttendance(page, recipientName, onward.id);

  // 7. The results, read by the force that ran the campaign: every step this person reached.
  const truth = db
    .select({ contactedAt: arrestReferrals.firstContactAt, assessment: needsAssessments.status })
    .from(arrestReferrals)
    .innerJoin(
      needsAssessments,
      and(eq(needsAssessments.arrestReferralId, arrestReferrals.id), eq(needsAssessments.status, "completed")),
    )
    .where(eq(arrestReferrals.id, referral.id))
    .get();
  expect(truth?.contactedAt).toBeTruthy();
  expect(
    db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onward.id)).get()!.firstAttendedAt,
  ).toBeTruthy();
  await login("police_officer");
  const atTheEnd = await resultsNow();
  expect(atTheEnd).toEqual(expected(["selfReferred", "contacted", "assessed", "referredOn", "attended"]));
  await expect(page.getByRole("heading", { name: "How small numbers are protected" })).toBeVisible();
  await checkA11y();
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${shots}/campaign-story-results-${width}.png`, fullPage: true });
  }
});
