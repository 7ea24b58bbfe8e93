// What a referral's state is called depends on the door it came through: "Released before seen"
// is a custody referral's follow-up; someone followed up after a near-fatal overdose, a patrol
// referral or a self-referral was never in custody. Every page, CSV and message asks
// referralStateLabel, so no output can show custody wording for them.
import { describe, expect, it } from "vitest";
import { REFERRAL_SOURCES, REFERRAL_STATES, type ReferralSource } from "#db/schema";
import { detailLines } from "~/domain/audit-labels";
import { checkReferralEvent, referralStateLabel, type ReferralFacts } from "~/domain/referral-states";

const CUSTODY_WORDING = /custody|releas|arrest|booked|detain/i;
const NOT_CUSTODY = REFERRAL_SOURCES.filter((s): s is Exclude<ReferralSource, "custody"> => s !== "custody");

describe("referral state labels by source", () => {
  it("keeps custody's wording for a custody referral released before it was seen", () => {
    expect(referralStateLabel("follow_up", "custody")).toBe("Released before seen: community follow-up");
  });

  it("never uses custody wording for a referral that did not come from custody", () => {
    for (const source of NOT_CUSTODY)
      for (const state of REFERRAL_STATES)
        expect(referralStateLabel(state, source), `${source} ${state}`).not.toMatch(CUSTODY_WORDING);
  });

  it("says what an NFO follow-up is", () => {
    expect(referralStateLabel("follow_up", "naloxone")).toMatch(/overdose/i);
  });

  it("uses plain wording where the source is not known (the audit log, its CSV)", () => {
    for (const state of REFERRAL_STATES) expect(referralStateLabel(state, null)).not.toMatch(CUSTODY_WORDING);
    const lines = detailLines(JSON.stringify({ fromState: "new", toState: "follow_up" }));
    expect(lines.map((l) => l.value).join(" ")).not.toMatch(CUSTODY_WORDING);
    expect(lines.map((l) => l.value)).toContain(referralStateLabel("follow_up", null));
  });

  it("names the state in a refusal in the referral's own words", () => {
    const nfo: ReferralFacts = { state: "follow_up", assignedWorkerId: null, source: "naloxone" };
    const refused = checkReferralEvent(nfo, { role: "referral_worker", userId: "jamie" }, "claim");
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.message).toContain(referralStateLabel("follow_up", "naloxone"));
      expect(refused.message).not.toMatch(/releas/i);
    }
  });
});
