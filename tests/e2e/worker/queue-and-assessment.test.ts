import { eq } from "drizzle-orm";
import { arrestReferrals, needsAssessments, onwardReferrals } from "#db/schema";
import { makeReferral, uniqueCustodyReference, uniqueName } from "../../support/factories";
import { fillDateOfBirth, openMoreDetails } from "../custody/support";
import { expect, test } from "../fixtures";

test("a referral made in custody appears in a worker's open queue within 15 seconds, without a reload", async ({
  page,
  browser,
  login,
  baseURL,
}) => {
  // Two people sign in and work here; only the last step is the 15-second promise.
  test.setTimeout(60_000);
  await login("referral_worker");
  // The queue shows 25 at a time, nearest release first, and the whole run's cases wait here:
  // page one names whoever arrives while the worker looks (decision 035).
  await page.goto("/worker/queue");
  await expect(page.getByRole("heading", { name: "Referral queue" })).toBeVisible();

  // A custody officer, in their own browser, makes the referral.
  const officerContext = await browser.newContext({ baseURL });
  const officer = await officerContext.newPage();
  await officer.goto("/sign-in");
  await officer.getByLabel("Email address").fill("custody@pathway.example");
  await officer.getByLabel("Password").fill("pathway-demo-2026");
  await officer.getByRole("button", { name: "Sign in" }).click();
  await officer.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await officer.goto("/custody?choose=1");
  await officer.getByLabel("Kelmoor Custody Suite").check();
  await officer.getByRole("button", { name: "Continue" }).click();
  const familyName = uniqueName("Queue");
  await officer.getByRole("radio", { name: "Accepted" }).check();
  await officer.getByLabel("Custody reference").fill(uniqueCustodyReference("KMC"));
  await officer.getByLabel("Given name").fill("Lewis");
  await officer.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(officer, "1993-08-08");
  await openMoreDetails(officer);
  await officer.getByRole("checkbox", { name: "Alcohol" }).check();
  await officer.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await officer.getByRole("button", { name: "Make referral" }).click();
  await expect(officer.getByText("Referral made.")).toBeVisible();
  await officerContext.close();

  const named = page.getByRole("list", { name: "New since you last looked" });
  await expect(named.getByRole("link", { name: `Lewis ${familyName}` })).toBeVisible({ timeout: 15_000 });
  // Other tests running beside this one may add referrals to the same queue: at least this one.
  await expect(page.getByRole("status").filter({ hasText: "new since you last looked" })).toHaveText(
    /^\d+ new since you last looked$/,
  );
  await expect(page).toHaveTitle(/^\(\d+\) Queue/);
});

test("a worker claims, assesses, refers to two services and prints the release card", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // Eight pages, each checked by axe, and a check-your-answers step.
  test.setTimeout(60_000);
  const { referralId, offer } = makeReferral(db, { centreId: "cc-northfirth", disclosedNeeds: ["drugs", "housing"] });
  await login("referral_worker");
  await page.goto("/worker/queue?show=waiting&shown=500");
  await checkA11y();
  await page.getByRole("link", { name: `${offer.givenName} ${offer.familyName}` }).click();
  await checkA11y();
  await page.getByRole("button", { name: "Claim this referral" }).click();
  await expect(page.getByText(/With a worker · with you/)).toBeVisible();

  await page.getByRole("link", { name: "Start the needs assessment" }).click();
  await checkA11y();
  const drugs = page.getByRole("region", { name: "Drugs" });
  await drugs.getByRole("radio", { name: "High" }).check();
  await drugs.getByRole("checkbox", { name: "Heroin or other opioids" }).check();
  await drugs
    .getByRole("group", { name: "Overdose in the last 12 months" })
    .getByRole("radio", { name: "Yes" })
    .check();
  const alcohol = page.getByRole("region", { name: "Alcohol" });
  await alcohol.getByLabel("How often do you have a drink containing alcohol?").selectOption("4");
  await alcohol.getByLabel(/How many units/).selectOption("2");
  await alcohol.getByLabel(/6 or more units/).selectOption("1");
  await expect(alcohol.getByText("AUDIT-C score 7 of 12")).toBeVisible();
  await alcohol.getByRole("radio", { name: "Medium" }).check();
  const housing = page.getByRole("region", { name: "Housing", exact: true });
  await housing.getByRole("radio", { name: "High" }).check();
  await housing.getByRole("radio", { name: "Rough sleeping" }).check();

  // Completing without naloxone recorded is refused, with the answers kept.
  await page.getByRole("button", { name: "Check your answers" }).click();
  await expect(page.getByRole("alert")).toContainText("Record whether naloxone was supplied");
  await expect(
    page.getByRole("region", { name: "Housing", exact: true }).getByRole("radio", { name: "Rough sleeping" }),
  ).toBeChecked();
  await page.getByRole("region", { name: "Naloxone" }).getByRole("radio", { name: "Supplied" }).check();
  await page.getByRole("button", { name: "Check your answers" }).click();
  await page.getByRole("button", { name: "Complete the assessment" }).click();
  await expect(page.getByText("Assessment completed.")).toBeVisible();
  const completed = db.select().from(needsAssessments).where(eq(needsAssessments.arrestReferralId, referralId)).all();
  expect(completed.map((a) => [a.status, a.drugsLevel, a.auditCScore, a.naloxone])).toEqual([
    ["completed", "high", 7, "supplied"],
  ]);

  for (const service of ["Northfirth Drug and Alcohol Treatment", "Harbour Housing Advice"]) {
    await page.goto(`/worker/referrals/${referralId}/onward`);
    await page.getByRole("link", { name: `Refer to ${service}` }).click();
    await checkA11y();
    await page.getByRole("checkbox", { name: "The person agreed to share these sections with this service" }).check();
    await page.getByRole("button", { name: "Send referral" }).click();
    await expect(page.getByText(`Referral to ${service} sent.`)).toBeVisible();
  }
  const sent = db.select().from(onwardReferrals).where(eq(onwardReferrals.arrestReferralId, referralId)).all();
  expect(sent.map((o) => o.status)).toEqual(["requested", "requested"]);

  await page.goto(`/worker/referrals/${referralId}/card`);
  await expect(page.getByRole("heading", { name: `${offer.givenName}, here is who will be in touch` })).toBeVisible();
  await expect(page.getByText("Northfirth Drug and Alcohol Treatment")).toBeVisible();
  await expect(page.getByText("Harbour Housing Advice")).toBeVisible();
  await expect(page.getByText(/Heroin|AUDIT-C|Rough sleeping/)).toHaveCount(0);
  await checkA11y();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print this card" })).toBeHidden();
  const pdf = await page.pdf({ format: "A5", preferCSSPageSize: true });
  expect(pdf.byteLength).toBeGreaterThan(1000);
});

test("an onward referral without consent to share is refused and nothing is sent", async ({ page, db, login }) => {
  const { referralId } = makeReferral(db, { centreId: "cc-port-aird" });
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}`);
  await page.getByRole("button", { name: "Claim this referral" }).click();
  await page.getByRole("link", { name: "Start the needs assessment" }).click();
  await page.getByRole("region", { name: "Money and debt" }).getByRole("radio", { name: "Medium" }).check();
  await page.getByRole("button", { name: "Check your answers" }).click();
  await page.getByRole("button", { name: "Complete the assessment" }).click();
  // Going to the next page before the completion has answered would cancel it.
  await expect(page.getByText("Assessment completed.")).toBeVisible();
  await page.goto(`/worker/referrals/${referralId}/onward`);
  await page.getByRole("link", { name: "Refer to Firth Money and Debt Advice" }).click();
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByRole("alert")).toContainText("Confirm the person agreed to share these sections");
  expect(db.select().from(onwardReferrals).where(eq(onwardReferrals.arrestReferralId, referralId)).all()).toHaveLength(
    0,
  );
});

test("the assessment draft survives a reload", async ({ page, db, login }) => {
  const { referralId } = makeReferral(db, { centreId: "cc-kelmoor" });
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}`);
  await page.getByRole("button", { name: "Claim this referral" }).click();
  await page.getByRole("link", { name: "Start the needs assessment" }).click();
  const mentalHealth = page.getByRole("region", { name: "Mental health" });
  await mentalHealth.getByRole("radio", { name: "High" }).check();
  await mentalHealth.getByLabel("Current concerns").fill("Low mood since losing job");
  await expect(page.getByText(/Draft saved at/)).toBeVisible();

  await page.reload();
  await expect(page.getByRole("region", { name: "Mental health" }).getByRole("radio", { name: "High" })).toBeChecked();
  await expect(page.getByRole("region", { name: "Mental health" }).getByLabel("Current concerns")).toHaveValue(
    "Low mood since losing job",
  );
  expect(
    db.select().from(needsAssessments).where(eq(needsAssessments.arrestReferralId, referralId)).get()?.status,
  ).toBe("draft");
});

test("released before seen: contact attempts, then closing as unable to contact", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const { referralId } = makeReferral(db, { centreId: "cc-northfirth" });
  await login("referral_worker");
  await page.goto(`/worker/referrals/${referralId}`);
  await page.getByRole("button", { name: "Record release" }).click();
  await expect(page.getByText(/Released before seen/).first()).toBeVisible();
  await page.getByRole("button", { name: "Take on this follow-up" }).click();
  for (let i = 0; i < 3; i++) {
    await page.getByLabel("What happened", { exact: true }).selectOption("no_answer");
    await page.getByRole("button", { name: "Save attempt" }).click();
    await expect(page.getByRole("region", { name: "Contact attempts" }).getByRole("listitem")).toHaveCount(i + 1);
  }
  await expect(page.getByText(/Consider closing as “unable to contact”/)).toBeVisible();
  await checkA11y();
  await expect(page.getByLabel("Reason")).toHaveValue("unable_to_contact");
  await page.getByRole("button", { name: "Close referral" }).click();
  await expect(page.getByRole("heading", { name: "Reopen this referral" })).toBeVisible();
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.id, referralId)).get();
  expect([referral?.state, referral?.closureReason]).toEqual(["closed", "unable_to_contact"]);

  await page.getByLabel("Why reopen it?").fill("The person phoned us back");
  await page.getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByRole("heading", { name: "Close this referral" })).toBeVisible();
});
