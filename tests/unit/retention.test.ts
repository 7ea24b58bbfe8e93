import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "#db/connection";
import {
  arrestReferrals,
  auditEvents,
  contactAttempts,
  custodyEpisodes,
  needsAssessments,
  onwardReferrals,
  outcomeEvents,
  people,
  type Person,
} from "#db/schema";
import { findBrokenAuditRow } from "~/domain/audit.server";
import { buildDashboard } from "~/domain/metrics/dashboard.server";
import { resolvePeriod } from "~/domain/metrics/period";
import { findLikelyMatches } from "~/domain/people.server";
import {
  applyRetention,
  keepOnlyCodes,
  listPeoplePastRetention,
  pastRetentionQuery,
  retentionCutoff,
} from "~/domain/retention.server";
import { updateSettings } from "~/domain/settings.server";
import { createDemoCasesDb, DEMO_CASES_NOW } from "../support/test-db";

const YEAR = 365.25 * 86400_000;
const tables = [
  "people",
  "custody_episodes",
  "custody_offers",
  "arrest_referrals",
  "referral_state_changes",
  "contact_attempts",
  "needs_assessments",
  "onward_referrals",
  "outcome_events",
  "consents",
  "notifications",
];

// The demo world with two years of cases (a copy of the template for each test).
const seededAt = DEMO_CASES_NOW;
const demoCasesDb = createDemoCasesDb;

function rowCounts(db: Db) {
  return Object.fromEntries(
    tables.map((t) => [t, (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

describe("retention", () => {
  it("keeps free-text out and codes, flags, numbers and dates in", () => {
    expect(
      keepOnlyCodes({
        drugs: {
          level: "high",
          notes: "Uses with Dave on Mill Street",
          substances: ["heroin", "crack_cocaine"],
          isInjecting: true,
        },
        alcohol: { auditC: { q1: 3, q2: 2 } },
        justice: { nextCourtDate: "2026-05-04", currentOrders: "CPO until June" },
        appointmentAt: "2026-05-04T10:30:00.000Z",
        place: "Harbour House, 12 Quay Road",
      }),
    ).toEqual({
      drugs: { level: "high", substances: ["heroin", "crack_cocaine"], isInjecting: true },
      alcohol: { auditC: { q1: 3, q2: 2 } },
      justice: { nextCourtDate: "2026-05-04" },
      appointmentAt: "2026-05-04T10:30:00.000Z",
    });
  });

  it("anonymises people six years after their last activity and leaves every count and dashboard figure as it was", () => {
    const db = demoCasesDb();
    // A fake clock: five years after the demo data was made, so the cutoff falls a year before
    // its end: those seen in that last year stay.
    const now = new Date(seededAt.getTime() + 5 * YEAR);
    const cutoff = retentionCutoff(db, now).toISOString();
    const due = listPeoplePastRetention(db, now);
    // Free text the job must clear, on someone whose case is old.
    const old = db
      .select({ personId: arrestReferrals.personId, referralId: arrestReferrals.id })
      .from(arrestReferrals)
      .where(eq(arrestReferrals.personId, due[0].id))
      .get()!;
    db.update(people)
      .set({ policeIdentifier: "PNC 12/345678X", healthIdentifier: "943 476 5919", phone: "07700 900123" })
      .where(eq(people.id, old.personId))
      .run();
    db.update(custodyEpisodes)
      .set({ safetyNotes: "Threatened staff", disclosedOther: "Gambling with his brother Tam" })
      .where(eq(custodyEpisodes.personId, old.personId))
      .run();
    db.insert(contactAttempts)
      .values({
        id: "attempt-old",
        arrestReferralId: old.referralId,
        attemptedAt: "2023-02-01T10:00:00.000Z",
        method: "phone",
        result: "spoke",
        note: "Spoke to his mum at 14 Elm Row",
        workerUserId: "user-worker",
      })
      .run();
    const everyone = db.select().from(people).all();

    const period = resolvePeriod({ kind: "custom", from: "2024-01", to: "2026-01" });
    const dashboard = () => {
      const { elapsedMs: _elapsed, ...figures } = buildDashboard(db, {
        filter: { areaIds: "all", from: period.from, to: period.to, breakdown: "none", now: seededAt },
        period,
      });
      return figures;
    };
    const before = { counts: rowCounts(db), dashboard: dashboard(), audit: db.select().from(auditEvents).all().length };

    expect(due.length).toBeGreaterThan(10);
    expect(due.length).toBeLessThan(everyone.length);
    expect(due.every((p) => p.lastActivityAt < cutoff)).toBe(true);

    const result = applyRetention(db, now);
    expect(result.anonymised).toBe(due.length);

    const after = db.select().from(people).all();
    const byId = new Map(after.map((p) => [p.id, p]));
    const dueIds = new Set(due.map((p) => p.id));
    for (const person of everyone) {
      const now = byId.get(person.id)!;
      if (dueIds.has(person.id)) {
        expect(now).toMatchObject({
          givenName: "Anonymised",
          familyName: "person",
          givenNameKey: "",
          familyNameKey: "",
          policeIdentifier: null,
          healthIdentifier: null,
          phone: null,
        });
        expect(now.dateOfBirth).toBe(`${person.dateOfBirth.slice(0, 4)}-01-01`);
        expect(now.anonymisedAt).toBe(now.updatedAt);
      } else {
        expect(now).toEqual(person satisfies Person);
      }
    }
    expect(dueIds.has(old.personId)).toBe(true);
    const episode = db.select().from(custodyEpisodes).where(eq(custodyEpisodes.personId, old.personId)).get()!;
    expect(episode.custodyReference).toBe(`anonymised-${episode.id}`);
    expect(episode.safetyNotes).toBe("");
    expect(episode.disclosedOther).toBeNull();
    expect(db.select().from(contactAttempts).where(eq(contactAttempts.id, "attempt-old")).get()!.note).toBe("");

    // No free text left anywhere about anyone anonymised.
    const dumped = JSON.stringify([
      db
        .select()
        .from(needsAssessments)
        .all()
        .filter((a) => dueIds.has(a.personId)),
      db
        .select()
        .from(onwardReferrals)
        .all()
        .filter((o) => dueIds.has(o.personId)),
      db
        .select({ detail: outcomeEvents.detail, personId: onwardReferrals.personId })
        .from(outcomeEvents)
        .innerJoin(onwardReferrals, eq(onwardReferrals.id, outcomeEvents.onwardReferralId))
        .all()
        .filter((e) => dueIds.has(e.personId)),
    ]);
    expect(dumped).not.toMatch(/"(notes|note|place|reasonText|concerns|currentOrders)":"[^"]/);
    const anyName = everyone.find((p) => dueIds.has(p.id))!;
    expect(dumped).not.toContain(anyName.familyName);

    // Rows and figures are what they were; audit rows were only added, chain intact.
    expect(rowCounts(db)).toEqual(before.counts);
    expect(dashboard()).toEqual(before.dashboard);
    const audit = db.select().from(auditEvents).all();
    expect(audit.length).toBe(before.audit + due.length);
    expect(
      audit
        .filter((a) => a.action === "person.anonymised")
        .map((a) => a.personId)
        .sort(),
    ).toEqual([...dueIds].sort());
    expect(findBrokenAuditRow(db)).toBeNull();

    // Nobody is anonymised twice, and booking never offers an anonymised record as a match.
    expect(applyRetention(db, now).anonymised).toBe(0);
    const original = everyone.find((p) => p.id === old.personId)!;
    const matches = findLikelyMatches(db, {
      givenName: original.givenName,
      familyName: original.familyName,
      dateOfBirth: original.dateOfBirth,
      policeIdentifier: "PNC 12/345678X",
    });
    expect(JSON.stringify(matches)).not.toContain(old.personId);
  });

  it("counts any later activity, and follows the retention setting", () => {
    const db = demoCasesDb();
    const now = new Date(seededAt.getTime() + 5 * YEAR);
    const due = listPeoplePastRetention(db, now);
    // A service reporting on one of them a year ago keeps that person's data.
    const kept = due.find((p) => db.select().from(onwardReferrals).where(eq(onwardReferrals.personId, p.id)).get())!;
    const onward = db.select().from(onwardReferrals).where(eq(onwardReferrals.personId, kept.id)).get()!;
    db.update(onwardReferrals)
      .set({ updatedAt: new Date(now.getTime() - YEAR).toISOString() })
      .where(eq(onwardReferrals.id, onward.id))
      .run();
    expect(listPeoplePastRetention(db, now).map((p) => p.id)).not.toContain(kept.id);

    updateSettings(db, { userId: "user-admin", organisationId: "org-operator" }, { retention_years: 10 });
    expect(listPeoplePastRetention(db, now)).toEqual([]);
  });

  it("looks only at people whose own record is past the cutoff, through an index", () => {
    const db = demoCasesDb();
    const { sql: text, params } = pastRetentionQuery(db, new Date().toISOString(), 10).toSQL();
    const plan = (db.$client.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[]).map(
      (r) => r.detail,
    );
    // Not "SCAN people": at national scale that worked out a million people's last activity every hour.
    expect(plan[0]).toMatch(/^SEARCH people USING INDEX people_retention/);
  });
});
