// Issue 21 item 5: the public self-referral page. It works without JavaScript and passes axe in
// every language; a recipient of a campaign text opens the link on a phone, asks for support,
// and the partner provider's worker finds them in the queue and contacts them.
import { eq } from "drizzle-orm";
import type { Db } from "#db/connection";
import { arrestReferrals, campaigns, people, publicFormAttempts } from "#db/schema";
import { LANGUAGES, languageTags, pageText } from "~/domain/self-referral-text";
import { campaignOpens, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";

function makeCampaign(db: Db) {
  const now = new Date().toISOString();
  const suffix = Date.now().toString(36).toUpperCase().slice(-6);
  const code = `E${suffix}`;
  db.insert(campaigns)
    .values({
      id: `campaign-e2e-${suffix}`,
      name: `Operation ${uniqueName("Harbour")}`,
      code,
      policeOrganisationId: "org-police",
      providerOrganisationId: "org-firth-recovery",
      commissionerOrganisationId: "org-nk-adp",
      status: "sending",
      createdByUserId: "user-custody",
      createdAt: now,
      updatedAt: now,
    } as never)
    .run();
  return code;
}

for (const language of LANGUAGES) {
  const t = pageText[language];
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    test(`the page in ${languageTags[language].name} at ${viewport.width} wide has its language and direction and passes axe`, async ({
      page,
      db,
      checkA11y,
    }) => {
      const code = makeCampaign(db);
      await page.setViewportSize(viewport);
      await page.goto(`/h/${code}?lang=${language}`);
      await expect(page.locator("html")).toHaveAttribute("lang", languageTags[language].lang);
      await expect(page.locator("html")).toHaveAttribute("dir", languageTags[language].dir);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.heading);
      // Phone first: the number to call comes before the form.
      await expect(page.getByRole("link", { name: "01632 960700" })).toHaveAttribute("href", "tel:+441632960700");
      // The language switch is links, each in its own language.
      const switcher = page.getByRole("navigation", { name: t.languageNavigation });
      for (const other of LANGUAGES)
        await expect(switcher.getByRole("link", { name: languageTags[other].name })).toHaveAttribute(
          "lang",
          languageTags[other].lang,
        );
      await checkA11y();
      await page.screenshot({ path: `test-results/self-referral-${language}-${viewport.width}.png`, fullPage: true });
    });
  }

  test(`the page in ${languageTags[language].name} says what is wrong with a form, in that language, and passes axe`, async ({
    page,
    db,
    checkA11y,
  }) => {
    const code = makeCampaign(db);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/h/${code}?lang=${language}`);
    await page.getByRole("button", { name: t.send }).click();
    await expect(page.getByRole("heading", { name: t.errorTitle })).toBeVisible();
    await expect(page.getByRole("link", { name: t.errorConsent })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("dir", languageTags[language].dir);
    await checkA11y();
    await page.screenshot({ path: `test-results/self-referral-${language}-errors.png`, fullPage: true });
  });
}

test("an unknown code answers 404 with a page that still offers help", async ({ page, checkA11y }) => {
  const response = await page.goto("/h/NOSUCH?lang=pl");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(pageText.pl.notFoundTitle);
  await checkA11y();
  await page.getByRole("link", { name: pageText.pl.notFoundLink }).click();
  await expect(page).toHaveURL(/\/help\?lang=pl$/);
  await checkA11y();
  await page.screenshot({ path: "test-results/self-referral-help-pl-1280.png", fullPage: true });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  for (const language of LANGUAGES) {
    test(`the page in ${languageTags[language].name} works: language switch, and a form's problems from the server`, async ({
      page,
      db,
    }) => {
      const code = makeCampaign(db);
      const t = pageText[language];
      await page.goto(`/h/${code}`);
      await page.getByRole("link", { name: languageTags[language].name }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", languageTags[language].lang);
      await expect(page.locator("html")).toHaveAttribute("dir", languageTags[language].dir);
      await page.getByLabel(t.nameLabel).fill(uniqueName("Noscript"));
      await page.getByRole("button", { name: t.send }).click();
      await expect(page.getByRole("heading", { name: t.errorTitle })).toBeVisible();
      await expect(page.getByRole("link", { name: t.errorContact })).toBeVisible();
      await expect(page.getByLabel(t.nameLabel)).not.toHaveValue("");
    });
  }

  test("the page sets no cookie", async ({ page, db }) => {
    const code = makeCampaign(db);
    const response = await page.goto(`/h/${code}`);
    expect(response?.headers()["set-cookie"]).toBeUndefined();
    expect(await page.context().cookies()).toEqual([]);
  });
});

test("with JavaScript, sending the form is not counted as opening the page again", async ({ page, db }) => {
  db.delete(publicFormAttempts).run();
  const code = makeCampaign(db);
  const { id: campaignId } = db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.code, code)).get()!;
  const opens = () => campaignOpens(db, campaignId);
  await page.goto(`/h/${code}`);
  await page.getByLabel("Your first name, or a name we can call you").fill(uniqueName("Script"));
  await page.getByLabel("Phone call or text message").check();
  await page.getByLabel("Phone number", { exact: true }).fill("07700 900988");
  await page.getByLabel("Alcohol").check();
  await page.getByLabel("I agree").check();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("heading", { name: "Thank you. We have your message" })).toBeVisible();
  expect(opens()).toBe(1);
});

test("a recipient opens the link on a phone and asks for support; Firth Recovery's worker finds them and contacts them", async ({
  browser,
  page,
  db,
  login,
  checkA11y,
}) => {
  db.delete(publicFormAttempts).run();
  const code = makeCampaign(db);
  const name = uniqueName("Dee");

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const recipient = await phone.newPage();
  await recipient.goto(`/h/${code}`);
  await recipient.getByLabel("Your first name, or a name we can call you").fill(name);
  await recipient.getByLabel("Phone call or text message").check();
  await recipient.getByLabel("Phone number", { exact: true }).fill("07700 900987");
  await recipient.getByLabel("Evenings").check();
  await recipient.getByLabel("Alcohol").check();
  await recipient.getByLabel("Somewhere to live").check();
  await recipient.getByLabel("I agree").check();
  await recipient.getByRole("button", { name: "Send" }).click();
  await expect(recipient.getByRole("heading", { name: "Thank you. We have your message" })).toBeVisible();
  await expect(recipient.getByText("A support worker from Firth Recovery Partnership will contact you")).toBeVisible();
  await recipient.screenshot({ path: "test-results/self-referral-sent-390.png", fullPage: true });
  await phone.close();

  const referral = db
    .select({ id: arrestReferrals.id, source: arrestReferrals.source })
    .from(arrestReferrals)
    .innerJoin(people, eq(people.id, arrestReferrals.personId))
    .where(eq(people.givenName, name))
    .get()!;
  expect(referral.source).toBe("self_referral");

  await login("referral_worker");
  // Waiting cases come oldest first: with the demo's many waiting, the worker shows more.
  await page.goto("/worker/queue?shown=500");
  await page
    .getByRole("link", { name: new RegExp(name) })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/worker/referrals/${referral.id}`));
  await expect(page.getByRole("link", { name: "07700 900987" })).toHaveAttribute("href", "tel:+447700900987");
  await page.getByRole("button", { name: /Claim this referral|Take on this follow-up/ }).click();
  const attempt = page.getByRole("region", { name: "Record a contact attempt" });
  await attempt.getByLabel("What happened").selectOption({ label: "Spoke to the person" });
  await attempt.getByRole("button", { name: "Save attempt" }).click();
  await checkA11y();
  await page.screenshot({ path: "test-results/self-referral-worker-1280.png", fullPage: true });
  await expect
    .poll(
      () => db.select().from(arrestReferrals).where(eq(arrestReferrals.id, referral.id)).get()?.firstContactAt ?? null,
    )
    .not.toBeNull();
});

test("the police force that ran a campaign sees its results step by step, and campaigns side by side", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const code = makeCampaign(db);
  const campaign = db.select().from(campaigns).where(eq(campaigns.code, code)).get()!;
  await login("custody_officer");
  await page.goto("/campaign-results");
  await expect(page.getByRole("heading", { name: "Campaign results" })).toBeVisible();
  await expect(page.getByRole("link", { name: campaign.name })).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: "test-results/campaign-results-1280.png", fullPage: true });
});

test("a campaign's results show every step, with the disclosure rule", async ({ page, db, login, checkA11y }) => {
  const code = makeCampaign(db);
  const campaign = db.select().from(campaigns).where(eq(campaigns.code, code)).get()!;
  await login("custody_officer");
  await page.goto(`/campaign-results/${campaign.id}`);
  await expect(page.getByRole("heading", { name: `${campaign.name}: results` })).toBeVisible();
  for (const step of ["Sent", "Delivered", "Opened the page", "Self-referred", "Engaged at 12 weeks"])
    await expect(page.getByRole("rowheader", { name: step, exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "How small numbers are protected" })).toBeVisible();
  await checkA11y();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/campaign-results-detail-390.png", fullPage: true });
});
