// Each figure true to its written definition: records built so that the old reading and the new
// one give different answers, checked on the live figures and the monthly ones.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  custodyEpisodes,
  custodyOffers,
  onwardReferrals,
  outcomeEvents,
  people,
  type OutcomeEventKind,
} from "#db/schema";
import { liveFigures, monthlyFigures, type Figures } from "~/domain/metrics/figures.server";
import type { MetricFilter } from "~/domain/metrics/filter";
import { refreshMonthlyFigures } from "~/domain/metrics/monthly-refresh.server";
import { createDemoWorldDb, zeroRecordKeys } from "../support/test-db";

const NOW = new Date("2026-11-23T09:00:00Z");
const JUNE: MetricFilter = { areaIds: "all", from: "2026-06-01", to: "2026-06-30", breakdown: "none", now: NOW };
let db: Db;
let events = 0;

function referral(
  id: string,
  createdAt: string,
  firstContactAt: string | null,
  releasedAt: string | null,
  releasedBeforeSeen: boolean,
) {
  db.insert(people)
    .values({
      id: `P-${id}`,
      givenName: "Test",
      familyName: id,
      dateOfBirth: "1990-01-01",
      givenNameKey: "test",
      familyNameKey: id.toLowerCase(),
    })
    .run();
  db.insert(custodyEpisodes)
    .values({
      id: `E-${id}`,
      personId: `P-${id}`,
      custodyCentreId: "cc-northfirth",
      custodyReference: `D/${id}`,
      arrivedAt: createdAt.slice(0, 10) + "T08:00:00Z",
      releasedAt,
      disclosedNeeds: [],
      recordedByUserId: "user-custody",
    })
    .run();
  db.insert(arrestReferrals)
    .values({
      id,
      personId: `P-${id}`,
      custodyEpisodeId: `E-${id}`,
      custodyCentreId: "cc-northfirth",
      state: "assessed",
      assignedOrganisationId: "org-firth-recovery",
      createdByUserId: "user-custody",
      createdAt,
      updatedAt: createdAt,
      firstContactAt,
      releasedBeforeSeen,
    })
    .run();
}

function onward(
  id: string,
  referralId: string,
  createdAt: string,
  extra: { firstAppointmentAt?: string; firstAttendedAt?: string } = {},
) {
  db.insert(onwardReferrals)
    .values({
      id,
      arrestReferralId: referralId,
      personId: `P-${referralId}`,
      serviceId: "svc-nads-treatment",
      needDomain: "drugs",
      status: "in-progress",
      respondedAt: createdAt,
      firstAppointmentAt: extra.firstAppointmentAt ?? null,
      firstAttendedAt: extra.firstAttendedAt ?? null,
      createdByUserId: "user-worker",
      referringOrganisationId: "org-firth-recovery",
      createdAt,
      updatedAt: createdAt,
    })
    .run();
}

function event(onwardId: string, kind: OutcomeEventKind, recordedAt: string, detail: Record<string, unknown> = {}) {
  events += 1;
  db.insert(outcomeEvents)
    .values({
      id: `ev-${events}`,
      onwardReferralId: onwardId,
      kind,
      detail,
      occurredOn: recordedAt.slice(0, 10),
      reportedByOrganisationId: "org-nads",
      source: "web",
      recordedAt,
    })
    .run();
}

beforeAll(() => {
  db = createDemoWorldDb();
  // Met at 10:00, released at 11:00, but release was recorded before the assessment: the flag
  // says "released before seen". By the times, seen in custody.
  referral("MET-BEFORE-RELEASE", "2026-06-02T09:00:00Z", "2026-06-02T10:00:00Z", "2026-06-02T11:00:00Z", true);
  // Released at 10:00 and first reached at 15:00, with the flag unset: seen after release.
  referral("MET-AFTER-RELEASE", "2026-07-03T09:00:00Z", "2026-07-03T15:00:00Z", "2026-07-03T10:00:00Z", false);

  // Engaged at the 12-week check, then a later report of the same check said "partly".
  referral("CHECK-REVISED", "2026-06-04T09:00:00Z", "2026-06-04T09:30:00Z", null, false);
  onward("ON-REVISED", "CHECK-REVISED", "2026-06-05T09:00:00Z", {
    firstAppointmentAt: "2026-06-10T10:00:00Z",
    firstAttendedAt: "2026-06-10T10:00:00Z",
  });
  event("ON-REVISED", "attended", "2026-06-10T12:00:00Z");
  event("ON-REVISED", "engagement_check_12_weeks", "2026-09-01T09:00:00Z", { engagement: "engaged" });
  event("ON-REVISED", "engagement_check_12_weeks", "2026-09-03T09:00:00Z", { engagement: "partly" });

  // Missed the first appointment (day 5), attended at day 30: the wait ends at day 30, not 5.
  referral("MISSED-FIRST", "2026-06-06T09:00:00Z", "2026-06-06T09:30:00Z", null, false);
  onward("ON-MISSED", "MISSED-FIRST", "2026-06-06T10:00:00Z", {
    firstAppointmentAt: "2026-06-11T10:00:00Z",
    firstAttendedAt: "2026-07-06T10:00:00Z",
  });
  event("ON-MISSED", "did_not_attend", "2026-06-11T12:00:00Z");
  event("ON-MISSED", "attended", "2026-07-06T12:00:00Z");

  // An appointment booked but neither attended nor missed: no wait has ended.
  referral("BOOKED-ONLY", "2026-06-07T09:00:00Z", "2026-06-07T09:30:00Z", null, false);
  onward("ON-BOOKED", "BOOKED-ONLY", "2026-06-07T10:00:00Z", { firstAppointmentAt: "2026-06-12T10:00:00Z" });
  // Referred in January, detained again on 15 February, reported engaged only on 1 March.
  referral("ENGAGED-AFTER-RETURN", "2026-01-10T09:00:00Z", "2026-01-10T09:30:00Z", null, false);
  db.insert(custodyEpisodes)
    .values({
      id: "E-RETURN",
      personId: "P-ENGAGED-AFTER-RETURN",
      custodyCentreId: "cc-kelmoor",
      custodyReference: "D/RETURN",
      arrivedAt: "2026-02-15T08:00:00Z",
      disclosedNeeds: [],
      recordedByUserId: "user-custody",
    })
    .run();
  onward("ON-RETURN", "ENGAGED-AFTER-RETURN", "2026-01-12T10:00:00Z");
  event("ON-RETURN", "engagement_check_4_weeks", "2026-03-01T09:00:00Z", { engagement: "engaged" });

  // Referred on 2 February, detained again on 20 February and referred again from that detention:
  // one person who came back, not two referrals of which one came back.
  referral("CAME-BACK", "2026-02-02T09:00:00Z", "2026-02-02T09:30:00Z", null, false);
  db.insert(custodyEpisodes)
    .values({
      id: "E-CAME-BACK-AGAIN",
      personId: "P-CAME-BACK",
      custodyCentreId: "cc-northfirth",
      custodyReference: "D/CAMEBACK",
      arrivedAt: "2026-02-20T08:00:00Z",
      disclosedNeeds: [],
      recordedByUserId: "user-custody",
    })
    .run();
  db.insert(arrestReferrals)
    .values({
      id: "CAME-BACK-REFERRED-AGAIN",
      personId: "P-CAME-BACK",
      custodyEpisodeId: "E-CAME-BACK-AGAIN",
      custodyCentreId: "cc-northfirth",
      state: "assessed",
      assignedOrganisationId: "org-firth-recovery",
      createdByUserId: "user-custody",
      createdAt: "2026-02-20T09:00:00Z",
      updatedAt: "2026-02-20T09:00:00Z",
      firstContactAt: "2026-02-20T09:30:00Z",
    })
    .run();
  // Two onward referrals that ended without completing: one disengaged, one moved away.
  referral("ENDED-TWO-WAYS", "2026-10-05T09:00:00Z", "2026-10-05T09:30:00Z", null, false);
  for (const [id, reason] of [
    ["ON-DISENGAGED", "disengaged"],
    ["ON-MOVED-AWAY", "moved_away"],
  ]) {
    onward(id, "ENDED-TWO-WAYS", "2026-10-06T10:00:00Z");
    db.$client.prepare("UPDATE onward_referrals SET status = 'failed', status_reason = ? WHERE id = ?").run(reason, id);
  }
  zeroRecordKeys(db);

  // Written after the monthly figures are up to date, so that the triggers' marks must find the
  // UK months: 23:30 UTC on 31 August is 00:30 on 1 September in British Summer Time.
  refreshMonthlyFigures(db);
  referral("JUST-AFTER-MIDNIGHT", "2026-08-31T23:30:00Z", "2026-08-31T23:45:00Z", null, false);
  db.insert(custodyOffers)
    .values({
      id: "offer-just-after-midnight",
      custodyCentreId: "cc-northfirth",
      result: "accepted",
      recordedByUserId: "user-custody",
      recordedAt: "2026-08-31T23:20:00Z",
    })
    .run();
  // Sent at 00:40 UK time on 1 September, attended on 22 September: 21 UK days (22 by UTC dates).
  onward("ON-JUST-AFTER-MIDNIGHT", "JUST-AFTER-MIDNIGHT", "2026-08-31T23:40:00Z", {
    firstAttendedAt: "2026-09-22T10:00:00Z",
  });
});

describe.each([
  ["live", liveFigures],
  ["monthly", monthlyFigures],
] as [string, Figures][])("%s figures", (_path, f) => {
  it("seen in custody or after release: by the contact and release times, not the released-before-seen flag", () => {
    // June: the flag would say 3 in custody and 1 after release; July: 1 in custody.
    const june = f.referrals(db, JUNE).total;
    expect({ seenInCustody: june.seenInCustody, seenAfterRelease: june.seenAfterRelease }).toEqual({
      seenInCustody: 4,
      seenAfterRelease: 0,
    });
    const july = f.referrals(db, { ...JUNE, from: "2026-07-01", to: "2026-07-31" }).total;
    expect({ seenInCustody: july.seenInCustody, seenAfterRelease: july.seenAfterRelease }).toEqual({
      seenInCustody: 0,
      seenAfterRelease: 1,
    });
  });

  it("re-entry: split by engagement before the return, not after it", () => {
    const january = f.reEntry(db, { ...JUNE, from: "2026-01-01", to: "2026-01-31" }).total;
    // The old reading put this person among those who engaged and came back anyway.
    expect(january.engagedReentered90).toBe(0);
    expect(january.notEngagedReentered90).toBe(1);
  });

  it("re-entry: counts people, so a return that led to another referral does not count the person twice", () => {
    const february = f.reEntry(db, { ...JUNE, from: "2026-02-01", to: "2026-02-28" }).total;
    // The old reading: two referrals, one of which came back (50%).
    expect(february.notEngagedReferrals90 + february.engagedReferrals90).toBe(1);
    expect(february.notEngagedReentered90).toBe(1);
  });

  it("re-entry: a window counts from the UK day after it ends, so the figure is the same all that day", () => {
    const february = (now: string) => {
      const total = f.reEntry(db, { ...JUNE, from: "2026-02-01", to: "2026-02-28", now: new Date(now) }).total;
      return total.engagedReferrals90 + total.notEngagedReferrals90;
    };
    // Referred at 09:00 on 2 February: the 90 days end at 09:00 UTC on 3 May (10:00 in summer time).
    expect(february("2026-05-03T08:00:00Z")).toBe(0);
    // The old reading counted it from 09:00; 3 May is not over yet.
    expect(february("2026-05-03T12:00:00Z")).toBe(0);
    // 00:30 on 4 May, UK time.
    expect(february("2026-05-03T23:30:00Z")).toBe(1);
  });

  it("months and days in UK local time: just after midnight on 1 September (summer time) is September", () => {
    const AUGUST = { ...JUNE, from: "2026-08-01", to: "2026-08-31" };
    const SEPTEMBER = { ...JUNE, from: "2026-09-01", to: "2026-09-30" };
    expect(f.referrals(db, AUGUST).total.referrals).toBe(0);
    expect(f.referrals(db, SEPTEMBER).total.referrals).toBe(1);
    expect(f.offers(db, AUGUST).total.accepted).toBe(0);
    expect(f.offers(db, SEPTEMBER).total.accepted).toBe(1);
    expect(f.onwardReferralsByKind(db, SEPTEMBER).total.sent).toBe(1);
    const trend = f.monthlyTrend(db, { areaIds: "all", fromMonth: "2026-08", toMonth: "2026-09" });
    expect(trend.map((m) => [m.month, m.referrals, m.offersMade, m.onwardReferrals])).toEqual([
      ["2026-08", 0, 0, 0],
      ["2026-09", 1, 1, 1],
    ]);
    // Whole UK days from 1 to 22 September: within the three weeks (by UTC dates, 22 days).
    const waits = f.waitingTimes(db, SEPTEMBER).total;
    expect({ n: waits.n, median: waits.median, withinStandard: waits.withinStandard }).toEqual({
      n: 1,
      median: 21,
      withinStandard: 1,
    });
  });

  it("engagement: ended referrals split into disengaged and moved away, back in custody or died", () => {
    const october = f.engagement(db, { ...JUNE, from: "2026-10-01", to: "2026-10-31" }).total;
    expect({
      ended: october.ended,
      completed: october.completed,
      disengaged: october.disengaged,
      endedOtherwise: october.endedOtherwise,
    }).toEqual({ ended: 2, completed: 0, disengaged: 1, endedOtherwise: 1 });
  });

  it("funnel: engaged at 12 weeks by the latest 12-week check, as the engagement table counts it", () => {
    expect(f.funnel(db, JUNE).engaged12Weeks).toBe(0); // the old reading counted any check that said engaged: 1
    expect(f.engagement(db, JUNE).total.engaged12Weeks).toBe(0);
  });

  it("waiting time: only waits that ended in attendance, to the day of attendance; missed first appointments apart", () => {
    const waits = f.waitingTimes(db, JUNE).total;
    // Old reading: three waits ended (days 5, 5 and 5 to the first appointment dates passed).
    expect({ n: waits.n, median: waits.median, p90: waits.p90 }).toEqual({ n: 2, median: 17.5, p90: 30 });
    expect(waits.withinStandard).toBe(1);
    const firsts = f.firstAppointments(db, JUNE).total;
    expect({
      withOutcome: firsts.withOutcome,
      attendedFirst: firsts.attendedFirst,
      missedFirst: firsts.missedFirst,
    }).toEqual({
      withOutcome: 2,
      attendedFirst: 1,
      missedFirst: 1,
    });
  });
});
