// Issue 20: an officer on a phone files a naloxone report for someone nobody could name; the
// provider covering the area sees it at the top of its queue marked NFO, reaches the person,
// records their consent, assesses and refers on; the service reports that the person attended
// that very referral; a commissioner sees the NFO figures, protected.
import { desc, eq } from "drizzle-orm";
import { arrestReferrals, naloxoneReports, onwardReferrals, people } from "#db/schema";
import { naloxoneReportInput, uniqueName } from "../../support/factories";
import { expect, test } from "../fixtures";
import { serviceReportsAttendance, workerAssessesAndRefersOn } from "../story-steps";

const shotsDir = "test-results/screens";

test("an officer on a phone files a naloxone report without an identified person", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await login({ email: "officer@pathway.example" });
  await page.goto("/police/naloxone/new");
  await expect(page.getByRole("heading", { level: 1, name: "Naloxone administration report" })).toBeVisible();
  await checkA11y();
  await page.screenshot({ path: `${shotsDir}/naloxone-form-390.png`, fullPage: true });

  // The date and time are already now; the officer answers the rest.
  await page.getByRole("group", { name: "Local authority area" }).getByLabel("Northfirth").check();
  await page.getByLabel("Describe the place").fill("Lane behind the Quay Street chip shop");
  await page.getByRole("radio", { name: /Unconscious but breathing/ }).check();
  await page.getByLabel("Number of doses given").fill("twice");
  await page.getByRole("group", { name: "Was drug paraphernalia present?" }).getByLabel("Yes").check();
  await page.getByRole("group", { name: "Did the ambulance service respond?" }).getByLabel("Yes").check();
  await page.getByRole("group", { name: "Was the person taken to hospital?" }).getByLabel("No").check();
  await page.getByRole("radio", { name: "No, or not sure" }).check();
  await page.getByRole("button", { name: "Send report" }).click();

  // A slip is named, with everything typed kept.
  await expect(page.getByRole("alert")).toContainText("Enter the number of doses as a whole number");
  await expect(page.getByLabel("Describe the place")).toHaveValue("Lane behind the Quay Street chip shop");
  await expect(page.getByRole("radio", { name: /Unconscious but breathing/ })).toBeChecked();
  await checkA11y();
  await page.screenshot({ path: `${shotsDir}/naloxone-form-error-390.png`, fullPage: false });
  await page.getByLabel("Number of doses given").fill("2");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByText("Report sent.")).toBeVisible();
  await checkA11y();

  const report = db.select().from(naloxoneReports).orderBy(desc(naloxoneReports.createdAt)).limit(1).get()!;
  expect(report).toMatchObject({
    areaId: "la-northfirth",
    doses: 2,
    takenToHospital: false,
    personNamedByOfficer: false,
  });
  const person = db.select().from(people).where(eq(people.id, report.personId)).get()!;
  expect(person.isIdentified).toBe(false);
  const referral = db.select().from(arrestReferrals).where(eq(arrestReferrals.id, report.arrestReferralId!)).get()!;
  expect(referral).toMatchObject({
    source: "naloxone",
    providerOrganisationId: "org-firth-recovery",
    state: "follow_up",
    awaitingConsent: true,
  });
});

test("the provider's worker sees the NFO first, reaches the person, gets consent, assesses and refers on; the service reports attendance", async ({
  page,
  db,
  login,
  checkA11y,
}) => {
  // Four pages checked with axe and three people's work: minutes on a busy two-core machine.
  test.setTimeout(240_000);
  const givenName = uniqueName("Morven");
  const familyName = uniqueName("Ecclefechan");
  // An NFO reported just now in Northfirth, as the form above makes it.
  const { recordNaloxoneReport } = await import("~/domain/naloxone.server");
  const officer = db.$client
    .prepare("SELECT id, organisation_id FROM users WHERE email = ?")
    .get("officer@pathway.example") as {
    id: string;
    organisation_id: string;
  };
  const recorded = recordNaloxoneReport(
    db,
    { userId: officer.id, organisationId: officer.organisation_id, ipAddress: null },
    naloxoneReportInput({
      postcode: "NF1 2AB",
      locationDescription: "Bus shelter on Harbour Road",
      administeredAt: new Date(Date.now() - 25 * 60_000).toISOString(),
    }),
  );

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await login("referral_worker");
    await page.goto("/worker/queue");
    // One list at every width: cards on a phone, columns at a desk.
    const rows = page.getByRole("list", { name: "Referrals" }).getByRole("listitem");
    // The first case in the queue is an NFO, and this one is among the NFOs before any other case.
    await expect(rows.first()).toContainText("NFO");
    const texts = await rows.allInnerTexts();
    const ours = texts.findIndex((t) => t.includes("Bus shelter on Harbour Road"));
    expect(ours).toBeGreaterThanOrEqual(0);
    expect(texts.slice(0, ours + 1).every((t) => t.includes("NFO"))).toBe(true);
    await checkA11y();
    await page.screenshot({ path: `${shotsDir}/queue-nfo-${width}.png`, fullPage: false });
  }

  await page.goto(`/worker/referrals/${recorded.referralId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Not yet identified" })).toBeVisible();
  await expect(page.getByText("Bus shelter on Harbour Road, NF1 2AB")).toBeVisible();
  // No assessment before the person has agreed.
  await expect(page.getByRole("link", { name: /needs assessment/ })).toHaveCount(0);
  await checkA11y();
  await page.screenshot({ path: `${shotsDir}/case-nfo-390.png`, fullPage: true });

  await page.getByRole("button", { name: "Take on this follow-up" }).click();
  await page.getByLabel("How", { exact: true }).selectOption("visit");
  await page.getByLabel("What happened", { exact: true }).selectOption("spoke");
  await page.getByRole("button", { name: "Save attempt" }).click();
  await page.getByRole("checkbox", { name: /the person agreed to see a worker/ }).check();
  await page.getByRole("button", { name: "Record their consent" }).click();
  await expect(page.getByRole("button", { name: "Record their consent" })).toHaveCount(0);

  await page.getByLabel("Given name").fill(givenName);
  await page.getByLabel("Family name").fill(familyName);
  const dob = page.getByRole("group", { name: "Date of birth" });
  await dob.getByLabel("Day").fill("9");
  await dob.getByLabel("Month").fill("6");
  await dob.getByLabel("Year").fill("1989");
  await page.getByRole("button", { name: "Record who it is" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${givenName} ${familyName}` })).toBeVisible();

  const sent = await workerAssessesAndRefersOn(page, db, recorded.referralId!);
  expect(sent.map((o) => o.status)).toEqual(["requested"]);

  // The treatment service finds that referral in its inbox and reports that the person came.
  await login("service_worker");
  await serviceReportsAttendance(page, `${givenName} ${familyName}`, sent[0].id);
  await checkA11y();
  await page.screenshot({ path: `${shotsDir}/service-nfo-attended-390.png`, fullPage: true });
  const reported = db.select().from(onwardReferrals).where(eq(onwardReferrals.id, sent[0].id)).get()!;
  expect(reported.firstAttendedAt).not.toBeNull();

  // Back with the worker who sent it: the case says the person attended.
  await login("referral_worker");
  await page.goto(`/worker/referrals/${recorded.referralId}`);
  await expect(page.getByText("Attending", { exact: true }).first()).toBeVisible();
});

test("a commissioner sees NFO figures by area and week, with small counts protected", async ({
  page,
  login,
  checkA11y,
}) => {
  test.setTimeout(60_000);
  await login("commissioner");
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto("/commissioner/nfo");
    await expect(page.getByRole("heading", { level: 1, name: "Near-fatal overdoses" })).toBeVisible();
    await expect(page.getByRole("img", { name: /Northfirth/ })).toBeVisible();
    await expect(page.getByText(/counts from 1 to 4 are never shown/)).toBeVisible();
    const cells = await page.getByRole("table").first().getByRole("cell").allInnerTexts();
    expect(cells.filter((t) => /^[1-4]$/.test(t.trim()))).toEqual([]);
    await checkA11y();
    await page.screenshot({ path: `${shotsDir}/nfo-view-${width}.png`, fullPage: true });
  }
  const body = await page.content();
  expect(body).not.toContain("Callan");
});
