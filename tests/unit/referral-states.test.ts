import { describe, expect, it } from "vitest";
import { REFERRAL_STATES, type ReferralState } from "#db/schema";
import { nextReferralState, type ReferralEvent } from "~/domain/referral-states";

// The whole table from PRODUCT.md: new → claimed → assessed → closed; release from new or
// claimed → follow_up → assessed or closed; closure from any open state; reopening.
const allowed: Record<ReferralEvent, Partial<Record<ReferralState, ReferralState>>> = {
  claim: { new: "claimed" },
  release_claim: { claimed: "new" },
  person_released: { new: "follow_up", claimed: "follow_up" },
  complete_assessment: { claimed: "assessed", follow_up: "assessed", assessed: "assessed" },
  close: { new: "closed", claimed: "closed", follow_up: "closed", assessed: "closed" },
  reopen: { closed: "claimed" },
};

const cases = (Object.keys(allowed) as ReferralEvent[]).flatMap((event) =>
  REFERRAL_STATES.map((from) => [event, from, allowed[event][from] ?? null] as const),
);

describe("the arrest referral state machine", () => {
  it.each(cases)("%s from %s → %s", (event, from, expected) => {
    const result = nextReferralState(from, event);
    if (expected) {
      expect(result).toEqual({ ok: true, state: expected });
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/It is now “/);
    }
  });
});
