// Every commissioner figure against a small dataset whose answers were worked out by hand, on
// both paths: live from the records, and added up from the monthly figures kept on write.
// The period is January to March 2026 and the areas are those of the Northfirth and Kelmoor ADP
// (the Northfirth, Kelmoor and Port Aird custody centres); "now" is 23 November 2026.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  custodyEpisodes,
  custodyOffers,
  custodyThroughput,
  needsAssessments,
  onwardReferrals,
  outcomeEvents,
  people,
  type OnwardReferralStatus,
  type OutcomeEventKind,
} from "#db/schema";
import { buildDashboard, figureTable } from "~/domain/metrics/dashboard.server";
import { liveFigures, monthlyFigures, type Figures } from "~/domain/metrics/figures.server";
import type { Breakdown, MetricFilter } from "~/domain/metrics/filter";
import { resolvePeriod } from "~/domain/metrics/period";
import { createDemoWorldDb, zeroRecordKeys } from "../support/test-db";

const NOW = new Date("2026-11-23T09:00:00Z");
const NK_AREAS = ["adp-northfirth-kelmoor", "la-northfirth", "la-kelmoor"];
const q1 = (breakdown: Breakdown = "none", extra: Partial<MetricFilter> = {}): MetricFilter => ({
  areaIds: NK_AREAS,
  from: "2026-01-01",
  to: "2026-03-31",
  breakdown,
  now: NOW,
  ...extra,
});

let db: Db;

/** A figure's counts without the cell keys that travel with them. */
const noKeys = <T extends object>(figure: T) =>
  Object.fromEntries(Object.entries(figure).filter(([name]) => !name.endsWith("_key")));

// ------------------------------------------------------------------ the dataset

let reference = 0;
function person(id: string) {
  db.insert(people)
    .values({
      id,
      givenName: "Test",
      familyName: id,
      dateOfBirth: "1990-01-01",
      givenNameKey: "test",
      familyNameKey: id,
    })
    .run();
}
function episode(id: string, personId: string, centreId: string, arrivedAt: string, releasedAt: string | null = null) {
  reference += 1;
  db.insert(custodyEpisodes)
    .values({
      id,
      personId,
      custodyCentreId: centreId,
      custodyReference: `T/${reference}`,
      arrivedAt,
      releasedAt,
      disclosedNeeds: [],
      recordedByUserId: "user-custody",
    })
    .run();
}
const minutesAfter = (iso: string, minutes: number) =>
  new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

function referral(
  id: string,
  centreId: string,
  createdAt: string,
  options: {
    contactAfterMinutes?: number;
    releasedBeforeSeen?: boolean;
    closureReason?: string;
    provider?: string | null;
  } = {},
) {
  const personId = `P-${id}`;
  person(personId);
  // Released before being seen: released half an hour after the referral.
  episode(
    `E-${id}`,
    personId,
    centreId,
    minutesAfter(createdAt, -60),
    options.releasedBeforeSeen ? minutesAfter(createdAt, 30) : null,
  );
  db.insert(arrestReferrals)
    .values({
      id,
      personId,
      custodyEpisodeId: `E-${id}`,
      custodyCentreId: centreId,
      state: options.closureReason ? "closed" : "assessed",
      closureReason: options.closureReason ?? null,
      assignedOrganisationId: options.provider === undefined ? "org-firth-recovery" : options.provider,
      createdByUserId: "user-custody",
      createdAt,
      updatedAt: createdAt,
      firstContactAt:
        options.contactAfterMinutes === undefined ? null : minutesAfter(createdAt, options.contactAfterMinutes),
      releasedBeforeSeen: options.releasedBeforeSeen ?? false,
    })
    .run();
}

function offer(
  centreId: string,
  result: "accepted" | "declined" | "not_fit" | "not_offered",
  recordedAt: string,
  extra: { reason?: string; reofferedAt?: string } = {},
) {
  reference += 1;
  db.insert(custodyOffers)
    .values({
      id: `offer-${reference}`,
      custodyCentreId: centreId,
      result,
      notOfferedReason: extra.reason ?? null,
      reofferedAt: extra.reofferedAt ?? null,
      recordedByUserId: "user-custody",
      recordedAt,
    })
    .run();
}

type Levels = Partial<Record<"drugsLevel" | "alcoholLevel" | "mentalHealthLevel" | "housingLevel", string>>;
function assessment(
  id: string,
  referralId: string,
  status: "completed" | "draft" | "superseded",
  completedAt: string | null,
  levels: Levels,
  organisationId = "org-firth-recovery",
) {
  db.insert(needsAssessments)
    .values({
      id,
      arrestReferralId: referralId,
      personId: `P-${referralId}`,
      status,
      workerUserId: "user-worker",
      organisationId,
      answers: {},
      startedAt: completedAt ?? "2026-03-01T00:00:00Z",
      updatedAt: completedAt ?? "2026-03-01T00:00:00Z",
      completedAt,
      ...levels,
    })
    .run();
}

function onward(
  id: string,
  referralId: string,
  serviceId: string,
  createdAt: string,
  status: OnwardReferralStatus,
  extra: { statusReason?: string; respondedAt?: string; firstAppointmentAt?: string; firstAttendedAt?: string } = {},
) {
  db.insert(onwardReferrals)
    .values({
      id,
      arrestReferralId: referralId,
      personId: `P-${referralId}`,
      serviceId,
      needDomain: "drugs",
      status,
      statusReason: extra.statusReason ?? null,
      respondedAt: extra.respondedAt ?? null,
      firstAppointmentAt: extra.firstAppointmentAt ?? null,
      firstAttendedAt: extra.firstAttendedAt ?? null,
      createdByUserId: "user-worker",
      referringOrganisationId: "org-firth-recovery",
      createdAt,
      updatedAt: createdAt,
    })
    .run();
}

function event(
  onwardId: string,
  kind: OutcomeEventKind,
  occurredOn: string,
  recordedAt: string,
  detail: Record<string, unknown> = {},
) {
  reference += 1;
  db.insert(outcomeEvents)
    .values({
      id: `event-${reference}`,
      onwardReferralId: onwardId,
      kind,
      detail,
      occurredOn,
      reportedByOrganisationId: "org-nads",
      source: "web",
      recordedAt,
    })
    .run();
}

function throughput(centreId: string, month: string, detentionCount: number, disclosed?: [number, number, number]) {
  db.insert(custodyThroughput)
    .values({
      id: `tp-${centreId}-${month}`,
      custodyCentreId: centreId,
      month,
      detentions: detentionCount,
      disclosedDrugs: disclosed?.[0] ?? null,
      disclosedAlcohol: disclosed?.[1] ?? null,
      disclosedMentalHealth: disclosed?.[2] ?? null,
      updatedAt: "2026-04-05T00:00:00Z",
    })
    .run();
}

beforeAll(() => {
  db = createDemoWorldDb();

  // Throughput. Kelmoor counted disclosed need in March only; Port Aird sent nothing.
  throughput("cc-northfirth", "2026-01", 400, [64, 56, 172]);
  throughput("cc-northfirth", "2026-02", 380, [60, 50, 160]);
  throughput("cc-northfirth", "2026-03", 420, [70, 60, 180]);
  throughput("cc-kelmoor", "2026-01", 200);
  throughput("cc-kelmoor", "2026-02", 210);
  throughput("cc-kelmoor", "2026-03", 190, [30, 25, 80]);
  throughput("cc-northfirth", "2025-12", 999, [1, 1, 1]); // before the period
  throughput("cc-westmuir", "2026-01", 500, [80, 70, 215]); // outside the areas

  // Offers.
  for (const at of ["2026-01-03", "2026-01-04", "2026-02-03", "2026-02-04", "2026-03-03", "2026-03-04"])
    offer("cc-northfirth", "accepted", `${at}T10:00:00Z`);
  for (const at of ["2026-01-05", "2026-01-06", "2026-01-07"]) offer("cc-northfirth", "declined", `${at}T10:00:00Z`);
  offer("cc-northfirth", "not_fit", "2026-02-08T10:00:00Z");
  offer("cc-northfirth", "not_fit", "2026-02-09T10:00:00Z", { reofferedAt: "2026-02-09T14:00:00Z" }); // offered again: counted by its later answer
  offer("cc-northfirth", "not_offered", "2026-03-10T10:00:00Z", { reason: "risk_to_worker" });
  offer("cc-northfirth", "not_offered", "2026-03-11T10:00:00Z", { reason: "released_quickly" });
  offer("cc-kelmoor", "accepted", "2026-01-12T10:00:00Z");
  offer("cc-kelmoor", "accepted", "2026-01-13T10:00:00Z");
  offer("cc-kelmoor", "declined", "2026-03-14T10:00:00Z");
  for (let i = 0; i < 5; i++) offer("cc-westmuir", "declined", "2026-02-01T10:00:00Z");
  offer("cc-northfirth", "declined", "2026-04-01T00:00:00Z");

  // Referrals.
  referral("R1", "cc-northfirth", "2026-01-10T10:00:00Z", { contactAfterMinutes: 30 });
  referral("R2", "cc-northfirth", "2026-01-20T10:00:00Z", { contactAfterMinutes: 90 });
  referral("R3", "cc-northfirth", "2026-02-05T10:00:00Z", { contactAfterMinutes: 2880, releasedBeforeSeen: true });
  referral("R4", "cc-northfirth", "2026-02-15T10:00:00Z", { releasedBeforeSeen: true, provider: null });
  referral("R5", "cc-northfirth", "2026-03-01T10:00:00Z", { contactAfterMinutes: 60 });
  referral("R6", "cc-northfirth", "2026-03-31T08:00:00Z", { contactAfterMinutes: 10 });
  referral("R7", "cc-kelmoor", "2026-01-05T10:00:00Z", { contactAfterMinutes: 120 });
  referral("R8", "cc-kelmoor", "2026-03-10T10:00:00Z", { closureReason: "recorded_in_error" });
  referral("R9", "cc-westmuir", "2026-02-10T10:00:00Z", { contactAfterMinutes: 5, provider: "org-new-leaf" });
  referral("R10", "cc-northfirth", "2026-04-01T00:00:00Z", { contactAfterMinutes: 5 });

  // Later custody episodes: re-entry.
  episode("E-R1-again", "P-R1", "cc-northfirth", "2026-03-15T10:00:00Z"); // 64 days after R1
  episode("E-R2-again", "P-R2", "cc-kelmoor", "2026-06-01T10:00:00Z"); // 132 days after R2
  episode("E-R3-again", "P-R3", "cc-westmuir", "2026-02-20T10:00:00Z"); // 15 days after R3, at another centre
  episode("E-R5-again", "P-R5", "cc-northfirth", "2026-10-01T10:00:00Z"); // 214 days after R5
  episode("E-R7-before", "P-R7", "cc-kelmoor", "2025-06-01T10:00:00Z"); // before R7: not a re-entry

  // Assessments.
  assessment("A1", "R1", "completed", "2026-01-11T10:00:00Z", {
    drugsLevel: "high",
    alcoholLevel: "low",
    mentalHealthLevel: "medium",
  });
  assessment("A2", "R2", "completed", "2026-01-21T10:00:00Z", { drugsLevel: "medium", housingLevel: "high" });
  assessment("A3-old", "R3", "superseded", "2026-02-10T10:00:00Z", { drugsLevel: "high" });
  assessment(
    "A3",
    "R3",
    "completed",
    "2026-02-12T10:00:00Z",
    { alcoholLevel: "high", mentalHealthLevel: "high" },
    "org-new-leaf",
  );
  assessment("A5", "R5", "draft", null, { drugsLevel: "high" });
  assessment("A7", "R7", "completed", "2026-04-02T10:00:00Z", { drugsLevel: "high" });

  // Onward referrals and what services reported.
  onward("O1", "R1", "svc-nads-treatment", "2026-01-12T09:00:00Z", "completed", {
    respondedAt: "2026-01-13T09:00:00Z",
    firstAppointmentAt: "2026-01-20T10:00:00Z",
    firstAttendedAt: "2026-01-20T10:00:00Z",
  });
  event("O1", "accepted", "2026-01-13", "2026-01-13T09:00:00Z");
  event("O1", "appointment_booked", "2026-01-13", "2026-01-13T09:05:00Z", { date: "2026-01-20" });
  event("O1", "attended", "2026-01-20", "2026-01-20T12:00:00Z");
  event("O1", "engagement_check_4_weeks", "2026-02-17", "2026-02-17T12:00:00Z", { engagement: "engaged" });
  event("O1", "engagement_check_12_weeks", "2026-04-14", "2026-04-14T12:00:00Z", { engagement: "engaged" });
  event("O1", "ended", "2026-05-01", "2026-05-01T12:00:00Z", { reason: "completed" });

  onward("O2", "R1", "svc-harbour-housing", "2026-01-12T09:10:00Z", "rejected", {
    statusReason: "no_capacity",
    respondedAt: "2026-01-14T09:00:00Z",
  });
  event("O2", "declined", "2026-01-14", "2026-01-14T09:00:00Z", { reason: "no_capacity" });

  onward("O3", "R2", "svc-nads-treatment", "2026-01-22T09:00:00Z", "in-progress", {
    respondedAt: "2026-01-23T09:00:00Z",
    firstAppointmentAt: "2026-02-25T10:00:00Z",
    firstAttendedAt: "2026-03-04T10:00:00Z",
  });
  event("O3", "accepted", "2026-01-23", "2026-01-23T09:00:00Z");
  event("O3", "did_not_attend", "2026-02-25", "2026-02-25T12:00:00Z");
  event("O3", "attended", "2026-03-04", "2026-03-04T12:00:00Z");
  event("O3", "engagement_check_4_weeks", "2026-04-01", "2026-04-01T12:00:00Z", { engagement: "partly" });

  onward("O4", "R3", "svc-money-advice", "2026-02-13T09:00:00Z", "requested");

  onward("O5", "R5", "svc-kelmoor-recovery", "2026-03-02T09:00:00Z", "failed", {
    statusReason: "disengaged",
    respondedAt: "2026-03-03T09:00:00Z",
    firstAppointmentAt: "2026-03-09T10:00:00Z",
    firstAttendedAt: "2026-03-09T10:00:00Z",
  });
  event("O5", "accepted", "2026-03-03", "2026-03-03T09:00:00Z");
  event("O5", "attended", "2026-03-09", "2026-03-09T12:00:00Z");
  event("O5", "engagement_check_4_weeks", "2026-04-06", "2026-04-06T12:00:00Z", { engagement: "not_engaged" });
  event("O5", "engagement_check_4_weeks", "2026-04-06", "2026-04-07T12:00:00Z", { engagement: "engaged" }); // corrected: the latest counts
  event("O5", "engagement_check_12_weeks", "2026-06-01", "2026-06-01T12:00:00Z", { engagement: "not_engaged" });
  event("O5", "ended", "2026-06-02", "2026-06-02T12:00:00Z", { reason: "disengaged" });

  onward("O6", "R5", "svc-harm-reduction", "2026-03-02T09:10:00Z", "cancelled");

  onward("O7", "R7", "svc-nads-treatment", "2026-01-06T09:00:00Z", "rejected", {
    statusReason: "not_eligible",
    respondedAt: "2026-02-20T09:00:00Z",
  });
  event("O7", "declined", "2026-02-20", "2026-02-20T09:00:00Z", { reason: "not_eligible" }); // 45 days: late feedback

  onward("O10", "R6", "svc-money-advice", "2026-03-31T12:00:00Z", "accepted", {
    respondedAt: "2026-04-02T09:00:00Z",
    firstAppointmentAt: "2026-12-01T10:00:00Z", // not yet: the wait has not ended
  });
  event("O10", "accepted", "2026-04-02", "2026-04-02T09:00:00Z");

  onward("O8", "R9", "svc-westmuir-alcohol", "2026-02-11T09:00:00Z", "accepted", {
    respondedAt: "2026-02-12T09:00:00Z",
  }); // outside the areas
  onward("O9", "R1", "svc-family-ties", "2026-04-02T09:00:00Z", "requested"); // after the period

  // Every record key 0: each cell key is 0, so counts of 5 or more are shown as they are and
  // small ones as 0 (the perturbation itself is tested in disclosure.test.ts).
  zeroRecordKeys(db);
});

describe.each([
  ["live", liveFigures],
  ["monthly", monthlyFigures],
] as [string, Figures][])("%s figures", (_path, f) => {
  // ------------------------------------------------------------------ custody

  describe("detentions and disclosed need", () => {
    it("adds up the period's months at the centres in the areas", () => {
      const { total } = f.detentions(db, q1());
      expect(total.detentions).toBe(1800);
      expect(total.disclosedDrugs).toBe(224);
      expect(total.detentionsCountingDrugs).toBe(1390); // Kelmoor counted disclosed need in March only
      expect(total.disclosedAlcohol).toBe(191);
      expect(total.disclosedMentalHealth).toBe(592);
    });

    it("breaks down by centre, listing Port Aird with no figures as 0", () => {
      const table = figureTable(
        db,
        "detentions",
        { filter: q1("centre"), period: resolvePeriod({ kind: "quarter", quarter: "2026-Q1" }) },
        f,
      );
      const detentionsBy = Object.fromEntries(table.rows.map((r) => [r.label, r.cells.detentions.text]));
      expect(detentionsBy).toEqual({
        "Kelmoor Custody Suite": "600",
        "Northfirth Central Custody": "1,200",
        "Port Aird Custody Suite": "0",
        "All selected areas": "1,800",
      });
      const total = table.rows.find((r) => r.isTotal)!;
      expect(total.cells.shareDrugs.text).toBe("16.1%");
    });

    it("says there is no breakdown by provider rather than inventing one", () => {
      const table = figureTable(
        db,
        "detentions",
        { filter: q1("provider"), period: resolvePeriod({ kind: "quarter", quarter: "2026-Q1" }) },
        f,
      );
      expect(table.rows).toHaveLength(1);
      expect(table.note).toMatch(/no breakdown by provider/);
    });
  });

  describe("offers and consent", () => {
    it("counts offers made once each, with not offered apart", () => {
      const { total, rows } = f.offers(db, q1("centre"));
      expect(noKeys(total)).toEqual({ accepted: 8, declined: 4, notFit: 1, notOffered: 2 });
      expect(rows.find((r) => r.key === "cc-kelmoor")).toMatchObject({
        accepted: 2,
        declined: 1,
        notFit: 0,
        notOffered: 0,
      });
    });

    it("gives the consent rate as accepted ÷ offers made", () => {
      const table = figureTable(
        db,
        "offers",
        { filter: q1(), period: resolvePeriod({ kind: "quarter", quarter: "2026-Q1" }) },
        f,
      );
      const total = table.rows[0];
      expect(total.cells.offersMade.text).toBe("13");
      expect(total.cells.consentRate.text).toBe("61.5%");
    });

    it("lists why referral was not taken up", () => {
      const reasons = Object.fromEntries(f.notTakenUpReasons(db, q1()).map((r) => [r.reason, r.count]));
      expect(reasons).toEqual({
        declined: 4,
        not_fit: 1,
        "not_offered:risk_to_worker": 1,
        "not_offered:released_quickly": 1,
      });
    });
  });

  // ------------------------------------------------------------------ referrals

  describe("referrals", () => {
    it("counts referrals made in the period, without those made in error, and where they were seen", () => {
      expect(noKeys(f.referrals(db, q1()).total)).toEqual({
        referrals: 7,
        seenInCustody: 5,
        seenAfterRelease: 1,
        notSeen: 1,
      });
    });

    it("breaks down by local authority, division and provider", () => {
      const byAuthority = f.referrals(db, q1("local_authority")).rows.map((r) => [r.label, r.referrals]);
      expect(byAuthority).toEqual([
        ["Kelmoor Council", 1],
        ["Northfirth Council", 6],
      ]);
      expect(f.referrals(db, q1("division")).rows.map((r) => [r.label, r.referrals])).toEqual([
        ["Northfirth Division", 7],
      ]);
      const byProvider = figureTable(
        db,
        "referrals",
        { filter: q1("provider"), period: resolvePeriod({ kind: "quarter", quarter: "2026-Q1" }) },
        f,
      );
      expect(byProvider.rows.map((r) => r.label)).toEqual([
        "Firth Recovery Partnership",
        "New Leaf Arrest Referral",
        "No provider yet",
        "All selected areas",
      ]);
    });

    it("gives detentions and referrals per centre for the referral rate", () => {
      const rate = f.referralRate(db, q1("centre"));
      expect(noKeys(rate.total)).toEqual({ detentions: 1800, referrals: 7 });
      expect(rate.rows.map((r) => [r.key, r.detentions, r.referrals])).toEqual([
        ["cc-kelmoor", 600, 1],
        ["cc-northfirth", 1200, 6],
      ]);
      // Port Aird, with neither, is listed by the table as 0 and "no data" (see below).
    });

    it("measures time to first contact: median of an even count is the mean of the middle two", () => {
      // Minutes: 10, 30, 60, 90, 120, 2880.
      expect(noKeys(f.timeToFirstContact(db, q1()).total)).toEqual({
        n: 6,
        median: expect.closeTo(75, 6),
        p90: expect.closeTo(2880, 6),
      });
      const northfirth = f.timeToFirstContact(db, q1("centre")).rows.find((r) => r.key === "cc-northfirth")!;
      // Minutes: 10, 30, 60, 90, 2880: the median is the middle one.
      expect(northfirth).toMatchObject({ n: 5, median: expect.closeTo(60, 6), p90: expect.closeTo(2880, 6) });
    });

    it("counts every area for a national commissioner", () => {
      expect(f.referrals(db, q1("none", { areaIds: "all" })).total.referrals).toBe(8);
      expect(f.detentions(db, q1("none", { areaIds: "all" })).total.detentions).toBe(2300);
    });

    it("counts nothing for a commissioner with no areas", () => {
      expect(f.referrals(db, q1("none", { areaIds: [] })).total.referrals).toBe(0);
    });
  });

  describe("needs profile", () => {
    it("counts completed assessments and needs at medium or high, ignoring drafts and superseded versions", () => {
      const { total, rows } = f.needsProfile(db, q1("provider"));
      expect(total).toMatchObject({ assessments: 3, drugs: 2, alcohol: 1, mental_health: 2, housing: 1, money: 0 });
      expect(rows.map((r) => [r.key, r.assessments])).toEqual([
        ["org-firth-recovery", 2],
        ["org-new-leaf", 1],
      ]);
    });
  });

  // ------------------------------------------------------------------ onward referrals

  describe("onward referrals", () => {
    it("counts onward referrals by kind of service", () => {
      expect(f.onwardReferralsByKind(db, q1()).total).toMatchObject({
        sent: 8,
        drug_alcohol_treatment: 4,
        housing: 1,
        money_advice: 2,
        harm_reduction: 1,
        mental_health: 0,
      });
      const byKind = f.onwardReferralsByKind(db, q1("service_kind")).rows.map((r) => [r.key, r.sent]);
      expect(byKind).toEqual([
        ["drug_alcohol_treatment", 4],
        ["harm_reduction", 1],
        ["housing", 1],
        ["money_advice", 2],
      ]);
    });

    it("gives how services answered, the acceptance rate and declines for lack of capacity", () => {
      expect(noKeys(f.serviceResponses(db, q1()).total)).toEqual({
        sent: 8,
        accepted: 4,
        declined: 2,
        capacityDeclines: 1,
        awaitingReply: 1,
        cancelledBeforeReply: 1,
      });
    });

    it("counts first-appointment attendance by the first outcome reported", () => {
      expect(noKeys(f.firstAppointments(db, q1()).total)).toEqual({ withOutcome: 3, attendedFirst: 2, missedFirst: 1 });
    });

    it("counts engagement at 4 and 12 weeks from the latest check, and completion", () => {
      expect(noKeys(f.engagement(db, q1()).total)).toEqual({
        checked4Weeks: 3,
        engaged4Weeks: 2,
        checked12Weeks: 2,
        engaged12Weeks: 1,
        ended: 2,
        completed: 1,
        disengaged: 1,
        endedOtherwise: 0,
      });
    });

    it("measures waiting time to treatment for waits that ended in attendance", () => {
      // Days to first attendance: 7, 8, 41 (a first appointment missed at 34 days does not end the
      // wait); the appointment on 1 December 2026 has not been attended.
      expect(noKeys(f.waitingTimes(db, q1()).total)).toEqual({ n: 3, median: 8, p90: 41, withinStandard: 2 });
    });

    it("measures feedback completeness over onward referrals sent at least 28 days ago", () => {
      expect(noKeys(f.feedbackCompleteness(db, q1()).total)).toEqual({ due: 8, reported: 5 });
      // On 15 April 2026 the referral sent on 31 March is not yet due.
      expect(noKeys(f.feedbackCompleteness(db, q1("none", { now: new Date("2026-04-15T09:00:00Z") })).total)).toEqual({
        due: 7,
        reported: 4,
      });
    });
  });

  // ------------------------------------------------------------------ re-entry

  describe("re-entry to custody", () => {
    it("counts later detentions within each window, split by engagement", () => {
      const { total } = f.reEntry(db, q1());
      expect(total).toMatchObject({
        engagedReferrals90: 3,
        engagedReentered90: 1,
        notEngagedReferrals90: 4,
        notEngagedReentered90: 1,
        engagedReferrals180: 3,
        engagedReentered180: 2,
        notEngagedReferrals180: 4,
        notEngagedReentered180: 1,
      });
    });

    it("leaves out referrals whose window has not yet passed", () => {
      const { total } = f.reEntry(db, q1());
      expect(total.engagedReferrals365).toBe(0);
      expect(total.notEngagedReferrals365).toBe(0);
      // On 1 June 2026 the referral of 31 March has not had its 90 days, and none has had 180.
      const early = f.reEntry(db, q1("none", { now: new Date("2026-06-01T00:00:00Z") })).total;
      expect(early).toMatchObject({
        engagedReferrals90: 3,
        notEngagedReferrals90: 3,
        engagedReentered90: 1,
        notEngagedReentered90: 1,
        engagedReferrals180: 0,
      });
      const table = figureTable(
        db,
        "re-entry-365",
        { filter: q1(), period: resolvePeriod({ kind: "quarter", quarter: "2026-Q1" }) },
        f,
      );
      expect(table.rows[0].cells.engagedRate365.text).toBe("no data");
    });
  });

  // ------------------------------------------------------------------ funnel and trend

  describe("funnel and monthly trend", () => {
    it("follows the people referred in the period through the pathway, each step a part of the one before", () => {
      // Before, referred on (6) and attended (3) counted people who were never assessed.
      expect(noKeys(f.funnel(db, q1()))).toEqual({
        detentions: 1800,
        disclosedNeed: 592,
        offersMade: 13,
        referrals: 7,
        assessed: 4,
        referredOn: 4,
        attended: 2,
        engaged12Weeks: 1,
      });
    });

    it("counts month by month", () => {
      const months = f.monthlyTrend(db, { areaIds: NK_AREAS, fromMonth: "2025-12", toMonth: "2026-04" });
      expect(months.map((m) => [m.month, m.detentions, m.offersMade, m.referrals, m.onwardReferrals])).toEqual([
        ["2025-12", 999, 0, 0, 0],
        ["2026-01", 600, 7, 3, 4],
        ["2026-02", 590, 3, 2, 1],
        ["2026-03", 610, 3, 2, 3],
        ["2026-04", 0, 1, 1, 1],
      ]);
    });
  });

  // ------------------------------------------------------------------ disclosure on the dashboard

  describe("the dashboard's tables after disclosure control", () => {
    const period = resolvePeriod({ kind: "quarter", quarter: "2026-Q1" });

    it("shows a rate as no data, never NaN or ∞, when there were no detentions", () => {
      const empty = buildDashboard(db, { filter: { ...q1(), from: "2024-01-01", to: "2024-01-31" }, period }, f);
      const total = empty.tables["referral-rate"].rows[0];
      expect(total.cells.detentions.text).toBe("0");
      expect(total.cells.referralRate.text).toBe("no data");
      const texts = JSON.stringify(empty);
      expect(texts).not.toMatch(/NaN|Infinity|∞/);
    });

    it("never shows a count of 1 to 4, and rates follow the counts shown", () => {
      const table = figureTable(db, "referral-rate", { filter: q1("centre"), period }, f);
      const cells = Object.fromEntries(table.rows.map((r) => [r.label, r.cells]));
      expect(cells["Kelmoor Custody Suite"].referrals.text).toBe("0"); // 1 referral, cell key 0
      expect(cells["Kelmoor Custody Suite"].referralRate.text).toBe("0.0%");
      expect(cells["Northfirth Central Custody"].referrals.text).toBe("6");
      expect(cells["Port Aird Custody Suite"].referrals.text).toBe("0");
      expect(cells["Port Aird Custody Suite"].referralRate.text).toBe("no data");
      expect(cells["All selected areas"].referrals.text).toBe("7");
      expect(cells["All selected areas"].referralRate.text).toBe("0.4%");
    });

    it("never sends a withheld value to the page", () => {
      const dashboard = buildDashboard(db, { filter: q1("centre"), period }, f);
      for (const table of [dashboard.funnel, dashboard.trend, ...Object.values(dashboard.tables)]) {
        for (const row of table.rows) {
          for (const cell of Object.values(row.cells)) {
            if (cell.status !== "shown") expect(cell.value).toBeNull();
            if (cell.status === "shown" && table.columns.find((c) => c.kind === "count" && row.cells[c.key] === cell)) {
              expect(cell.value === 0 || cell.value >= 5).toBe(true);
            }
          }
        }
      }
    });

    it("cuts a long breakdown for the page to its first rows, as they show in the whole table", () => {
      const input = { filter: q1("centre"), period };
      const whole = buildDashboard(db, input, f);
      const cut = buildDashboard(db, input, f, { first: 2, allOf: "referrals" });
      expect(cut.tables.referrals).toEqual(whole.tables.referrals);
      for (const id of ["referral-rate", "engagement"] as const) {
        const rows = whole.tables[id].rows.filter((r) => !r.isTotal);
        expect(rows.length).toBeGreaterThan(2);
        expect(cut.tables[id]).toEqual({
          ...whole.tables[id],
          rows: [...rows.slice(0, 2), ...whole.tables[id].rows.filter((r) => r.isTotal)],
          rowsLeftOff: rows.length - 2,
        });
      }
    });

    it("withholds a median of fewer than 10 people", () => {
      const table = figureTable(db, "waiting-times", { filter: q1(), period }, f);
      expect(table.rows[0].cells.n.text).toBe("0");
      expect(table.rows[0].cells.median.text).toBe("no data");
      const contact = figureTable(db, "first-contact", { filter: q1(), period }, f);
      expect(contact.rows[0].cells.n.text).toBe("6");
      expect(contact.rows[0].cells.median.text).toBe("[c]");
    });
  });
});
