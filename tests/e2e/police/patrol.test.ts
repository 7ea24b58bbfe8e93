// Issue 20: an officer on patrol refers a person straight to a service; the service sees it in
// its inbox and reports attendance; the officer sees the outcome because the person agreed.
// And someone known from a patrol referral, booked into custody later, is recognised.
import { eq } from "drizzle-orm";
import { arrestReferrals, onwardReferrals, people, users } from "#db/schema";
import { currentConsentWording } from "~/domain/consents.server";
import { reportOutcomes } from "~/domain/outcomes.server";
import { recordPatrolReferral } from "~/domain/patrol.server";
import { uniqueCustodyReference, uniqueName } from "../../support/factories";
import { fillDateOfBirth, openCentre } from "../custody/support";
import { expect, test } from "../fixtures";

const OFFICER = { email: "officer@pathway.example" };
const DAY = 86400_000;
const ukDate = (ms: number) => new Date(ms).toLocaleDateString("en-CA", { timeZone: "Europe/London" });

test("an officer's patrol referral reaches the service, which reports attendance, and the officer sees it", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const familyName = uniqueName("Patrol");
  await page.setViewportSize({ width: 390, height: 844 });
  await login(OFFICER);
  await page.goto("/police/patrol/new");
  await checkA11y();

  // Sent with nothing filled in: every problem at once, nothing written.
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the family name");
  await expect(page.getByRole("alert")).toContainText("Choose what the person needs help with");

  await page.getByLabel("Given name").fill("Elspeth");
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "1991-08-19");
  await page.getByRole("radio", { name: "Housing" }).check();
  await page.getByLabel("Area").selectOption({ label: "Northfirth Council" });
  const service = page.getByRole("radio", { name: /Harbour Housing/ }).first();
  await expect(service).toBeVisible();
  await service.check();
  await page.getByLabel("Note for the service (optional)").fill("Sleeping in her car since Tuesday.");
  await page.getByRole("checkbox", { name: /they agreed to be referred/ }).check();
  await page.getByRole("checkbox", { name: /may phone them/ }).check();
  await page.getByLabel("Phone number").fill("07700 900871");
  await page.getByRole("checkbox", { name: /police may see how the referral went/ }).check();
  await page.screenshot({ path: "test-results/patrol-form-phone.png", fullPage: true });
  await page.getByRole("button", { name: "Send referral" }).click();
  await expect(page.getByText(/Referral sent\./)).toBeVisible();
  await checkA11y();

  const person = db.select().from(people).where(eq(people.familyName, familyName)).get()!;
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.personId, person.id)).get()!;
  expect(referral.source).toBe("patrol");
  expect(referral.custodyCentreId).toBeNull();
  expect(referral.areaId).toBe("la-northfirth");
  const onward = db.select().from(onwardReferrals).where(eq(onwardReferrals.arrestReferralId, referral.id)).get()!;

  // The housing service finds it in its inbox, with the person's name and the number to call.
  await login({ email: "housing@pathway.example" });
  await page.goto("/service/inbox");
  await expect(page.getByRole("link", { name: new RegExp(familyName) })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(familyName) }).click();
  await expect(page.getByText("07700900871")).toBeVisible();
  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(page.getByText(/Recorded: accepted\./).first()).toBeVisible();
  // The appointment was two days ago (made so: an attendance is never before its appointment).
  db.update(onwardReferrals)
    .set({ createdAt: new Date(Date.now() - 4 * DAY).toISOString() })
    .where(eq(onwardReferrals.id, onward.id))
    .run();
  const housing = db.select().from(users).where(eq(users.email, "housing@pathway.example")).get()!;
  const current = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, onward.id)).get()!;
  reportOutcomes(
    db,
    { userId: housing.id, organisationId: housing.organisationId, ipAddress: null },
    onward.id,
    [
      {
        kind: "appointment_booked",
        occurredOn: ukDate(Date.now() - 3 * DAY),
        appointmentAt: new Date(Date.now() - 2 * DAY).toISOString(),
        place: "Harbour Housing, Quay Street",
      },
    ] as never,
    { source: "web", expectedVersion: current.version },
  );
  await page.reload();
  await page.getByRole("radio", { name: "Attended" }).check();
  await page.getByRole("button", { name: "Record attendance" }).click();
  await expect(page.getByText(/Recorded: attended\./).first()).toBeVisible();

  // Back on patrol: the officer sees how it went, because the person agreed.
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(OFFICER);
  await page.goto("/police");
  await expect(page.getByRole("link", { name: new RegExp(familyName) })).toBeVisible();
  await page.getByRole("link", { name: new RegExp(familyName) }).click();
  await expect(page.getByRole("heading", { name: "How it went" })).toBeVisible();
  await expect(page.getByText(/: Attended$/)).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: "test-results/patrol-referral-desktop.png", fullPage: true });
});

test("without consent to share outcomes, the officer sees that the referral went, not how", async ({
  page,
  db,
  login,
}) => {
  const familyName = uniqueName("Quiet");
  const officer = db.select().from(users).where(eq(users.email, OFFICER.email)).get()!;
  const made = recordPatrolReferral(
    db,
    { userId: officer.id, organisationId: officer.organisationId, ipAddress: null },
    officer.organisationId,
    {
      givenName: "Morven",
      familyName,
      dateOfBirth: "1988-01-12",
      needDomain: "money",
      areaId: "la-kelmoor",
      serviceId: "svc-money-advice",
      consentConfirmed: true,
      consentMethod: "verbal",
      consentWordingId: currentConsentWording(db, "refer_to_service")!.id,
      shareOutcomes: false,
      contactByPhone: false,
    },
  );
  await login(OFFICER);
  await page.goto(`/police/patrol/${made.referralId}`);
  await expect(page.getByText(/did not agree to the police seeing how it went/)).toBeVisible();
  await expect(page.getByText(/Requested|Accepted|Attended/)).toHaveCount(0);
});

test("someone known from a patrol referral is recognised when booked into custody, and the worker sees both", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  const familyName = uniqueName("Strachan");
  const officer = db.select().from(users).where(eq(users.email, OFFICER.email)).get()!;
  recordPatrolReferral(
    db,
    { userId: officer.id, organisationId: officer.organisationId, ipAddress: null },
    officer.organisationId,
    {
      givenName: "Kirsty",
      familyName,
      dateOfBirth: "1983-04-09",
      needDomain: "money",
      areaId: "la-northfirth",
      serviceId: "svc-money-advice",
      consentConfirmed: true,
      consentMethod: "verbal",
      consentWordingId: currentConsentWording(db, "refer_to_service")!.id,
      shareOutcomes: false,
      contactByPhone: false,
    },
    new Date(Date.now() - 30 * DAY),
  );

  await login("custody_officer");
  await openCentre(page);
  await page.getByRole("radio", { name: "Accepted" }).check();
  await page.getByLabel("Custody reference").fill(uniqueCustodyReference("NFC"));
  await page.getByLabel("Given name").fill("Kirsty");
  await page.getByLabel("Family name").fill(familyName);
  await fillDateOfBirth(page, "1983-04-09");
  const box = page.getByRole("group", { name: /Is this someone already known to Pathway\? You must answer/ });
  const match = box.getByRole("radio", { name: new RegExp(`Kirsty ${familyName}`) });
  await expect(match).toBeVisible();
  await expect(box.getByText("Referred before: 1 time")).toBeVisible();
  await match.check();
  await page.getByRole("checkbox", { name: /they agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Make referral" }).click();
  await expect(page.getByText("Referral made.")).toBeVisible();

  const person = db.select().from(people).where(eq(people.familyName, familyName)).all();
  expect(person).toHaveLength(1);
  const referrals = db.select().from(arrestReferrals).where(eq(arrestReferrals.personId, person[0].id)).all();
  expect(referrals.map((r) => r.source).sort()).toEqual(["custody", "patrol"]);

  await login("referral_worker");
  await page.goto(`/worker/referrals/${referrals.find((r) => r.source === "custody")!.id}`);
  const history = page.getByRole("region", { name: "Earlier referrals" });
  await expect(history).toContainText("Patrol");
  await checkA11y();
});
