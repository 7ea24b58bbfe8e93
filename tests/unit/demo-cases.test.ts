// The demo cases hold what the app itself would have recorded, so the demo shows the app working.
import { beforeAll, expect, it } from "vitest";
import type { Db } from "#db/connection";
import { outcomeEventSchema } from "~/domain/onward-referral-states";
import { releaseCard } from "~/domain/onward-referrals.server";
import { createDemoCasesDb, DEMO_CASES_NOW } from "../support/test-db";
import { outcomeTimelineProblemsIn } from "../support/timelines";

let db: Db;
beforeAll(() => {
  db = createDemoCasesDb();
});

it("every outcome event makes sense against the ones before it (the same rule set the app applies)", () => {
  const { checked, problems } = outcomeTimelineProblemsIn(db, DEMO_CASES_NOW);
  expect(checked).toBeGreaterThan(100);
  expect(problems.slice(0, 3)).toEqual([]);
});

it("every outcome event is one a service could report", () => {
  const events = db.$client.prepare("SELECT kind, occurred_on AS occurredOn, detail FROM outcome_events").all() as {
    kind: string;
    occurredOn: string;
    detail: string;
  }[];
  expect(events.length).toBeGreaterThan(100);
  const refused = events.filter(
    (e) => !outcomeEventSchema.safeParse({ kind: e.kind, occurredOn: e.occurredOn, ...JSON.parse(e.detail) }).success,
  );
  expect(refused.slice(0, 3)).toEqual([]);
});

it("a release card shows the time of an appointment booked in the demo", () => {
  const booked = db.$client
    .prepare(
      `SELECT onr.arrest_referral_id AS referralId, onr.id, json_extract(e.detail, '$.appointmentAt') AS at FROM onward_referrals onr
       JOIN outcome_events e ON e.onward_referral_id = onr.id AND e.kind = 'appointment_booked'
       WHERE onr.status = 'accepted' LIMIT 1`,
    )
    .get() as { referralId: string; id: string; at: string };
  const card = releaseCard(db, booked.referralId)!;
  expect(card.services.find((s) => s.id === booked.id)!.appointment).toEqual({ at: booked.at, place: "Main office" });
});
