import { describe, expect, it } from "vitest";
import type { ReferralState } from "#db/schema";
import {
  allowedReferralEvents,
  checkReferralEvent,
  type ReferralActor,
  type ReferralEvent,
  type ReferralFacts,
} from "~/domain/referral-states";

const jamie: ReferralActor = { role: "referral_worker", userId: "jamie" };
const morven: ReferralActor = { role: "referral_worker", userId: "morven" };
const officer: ReferralActor = { role: "custody_officer", userId: "officer" };

/**
 * Plays events in order from a new referral, as the domain does: a claim or take-on gives the
 * referral to the one who raised it, giving back or reopening changes who has it. Returns the
 * states passed through, or the first refusal.
 */
function walk(steps: [ReferralActor, ReferralEvent][]): ReferralState[] | string {
  let referral: ReferralFacts = { state: "new", source: "custody", assignedWorkerId: null };
  const states: ReferralState[] = [referral.state];
  for (const [actor, event] of steps) {
    const result = checkReferralEvent(referral, actor, event);
    if (!result.ok) return `${event}: ${result.message}`;
    let assignedWorkerId = referral.assignedWorkerId;
    if (event === "claim" || event === "take_on" || event === "reopen") assignedWorkerId = actor.userId;
    if (event === "release_claim") assignedWorkerId = null;
    if ((event === "assess" || event === "complete_assessment") && !assignedWorkerId) assignedWorkerId = actor.userId;
    referral = { state: result.state, source: "custody", assignedWorkerId };
    states.push(result.state);
  }
  return states;
}

describe("the arrest referral state machine, walked as people use it", () => {
  it("the usual path: claimed, assessed, referred on, closed", () => {
    expect(
      walk([
        [jamie, "claim"],
        [jamie, "assess"],
        [jamie, "complete_assessment"],
        [jamie, "refer_onward"],
        [jamie, "close"],
      ]),
    ).toEqual(["new", "claimed", "claimed", "assessed", "assessed", "closed"]);
  });

  it("released before seen: follow-up, taken on, contact attempts, then assessed", () => {
    expect(
      walk([
        [officer, "person_released"],
        [morven, "take_on"],
        [morven, "record_contact_attempt"],
        [morven, "complete_assessment"],
      ]),
    ).toEqual(["new", "follow_up", "follow_up", "follow_up", "assessed"]);
  });

  it("a claimed person released before the assessment also goes to follow-up", () => {
    expect(
      walk([
        [jamie, "claim"],
        [jamie, "person_released"],
      ]),
    ).toEqual(["new", "claimed", "follow_up"]);
  });

  it("giving a claim back puts the referral back in the queue for anyone", () => {
    expect(
      walk([
        [jamie, "claim"],
        [jamie, "release_claim"],
        [morven, "claim"],
      ]),
    ).toEqual(["new", "claimed", "new", "claimed"]);
  });

  it("closing and reopening: the one who reopens has it and can assess again", () => {
    expect(
      walk([
        [jamie, "close"],
        [morven, "reopen"],
        [morven, "complete_assessment"],
      ]),
    ).toEqual(["new", "closed", "claimed", "assessed"]);
  });

  it("custody cancels only a referral no worker has picked up", () => {
    expect(walk([[officer, "cancel"]])).toEqual(["new", "closed"]);
    expect(
      walk([
        [jamie, "claim"],
        [officer, "cancel"],
      ]),
    ).toMatch(/^cancel: A referral a worker has already picked up cannot be cancelled.*It is now “With a worker”/);
  });

  it.each<[string, [ReferralActor, ReferralEvent][], RegExp]>([
    [
      "a second claim",
      [
        [jamie, "claim"],
        [morven, "claim"],
      ],
      /^claim: Only a referral waiting for a worker can be claimed/,
    ],
    ["assessing before claiming", [[jamie, "assess"]], /^assess: Claim this referral/],
    [
      "another worker's assessment",
      [
        [jamie, "claim"],
        [morven, "complete_assessment"],
      ],
      /Another worker has this referral/,
    ],
    [
      "giving back someone else's claim",
      [
        [jamie, "claim"],
        [morven, "release_claim"],
      ],
      /Another worker has this referral/,
    ],
    [
      "taking on a follow-up someone has",
      [
        [officer, "person_released"],
        [jamie, "take_on"],
        [morven, "take_on"],
      ],
      /already taken this on/,
    ],
    [
      "referring on before anyone has it",
      [
        [officer, "person_released"],
        [jamie, "refer_onward"],
      ],
      /Claim this referral first/,
    ],
    [
      "a contact attempt while in custody",
      [
        [jamie, "claim"],
        [jamie, "record_contact_attempt"],
      ],
      /community follow-up/,
    ],
    [
      "closing twice",
      [
        [jamie, "close"],
        [jamie, "close"],
      ],
      /already closed/,
    ],
    ["reopening an open referral", [[jamie, "reopen"]], /Only a closed referral/],
    [
      "custody closing a worker's case",
      [
        [jamie, "claim"],
        [officer, "close"],
      ],
      /^close: /,
    ],
    ["a worker cancelling as if custody", [[jamie, "cancel"]], /Only custody/],
    [
      "assessing a closed referral",
      [
        [jamie, "claim"],
        [jamie, "close"],
        [jamie, "assess"],
      ],
      /^assess: .*It is now “Closed”/,
    ],
  ])("refuses %s, saying why", (_, steps, message) => {
    expect(walk(steps)).toMatch(message);
  });
});

describe("what each person is offered", () => {
  const offered = (referral: ReferralFacts, actor: ReferralActor) => [...allowedReferralEvents(referral, actor)].sort();

  it("a new referral: any worker may claim or close it; custody may cancel it or record release", () => {
    expect(offered({ state: "new", source: "custody", assignedWorkerId: null }, jamie)).toEqual([
      "claim",
      "close",
      "person_released",
    ]);
    expect(offered({ state: "new", source: "custody", assignedWorkerId: null }, officer)).toEqual([
      "cancel",
      "person_released",
    ]);
  });

  it("a claimed referral: its worker works on it; another worker may only close it", () => {
    const claimed = { state: "claimed" as const, source: "custody" as const, assignedWorkerId: "jamie" };
    expect(offered(claimed, jamie)).toEqual([
      "assess",
      "close",
      "complete_assessment",
      "person_released",
      "refer_onward",
      "release_claim",
    ]);
    expect(offered(claimed, morven)).toEqual(["close", "person_released"]);
  });

  it("a follow-up nobody has: take it on, try to reach the person, assess or close", () => {
    expect(offered({ state: "follow_up", source: "custody", assignedWorkerId: null }, jamie)).toEqual([
      "assess",
      "close",
      "complete_assessment",
      "record_contact_attempt",
      "take_on",
    ]);
  });

  it("a closed referral can only be reopened", () => {
    expect(offered({ state: "closed", source: "custody", assignedWorkerId: "jamie" }, morven)).toEqual(["reopen"]);
    expect(offered({ state: "closed", source: "custody", assignedWorkerId: "jamie" }, officer)).toEqual([]);
  });
});
