import { describe, expect, it } from "vitest";
import { ONWARD_REFERRAL_STATUSES, OUTCOME_EVENT_KINDS, type OnwardReferralStatus, type OutcomeEventKind } from "#db/schema";
import { END_REASONS, eventsAllowedFrom, nextOnwardStatus, outcomeEventSchema, type EndReason } from "~/domain/onward-referral-states";

// The closed-loop referral of PRODUCT.md as FHIR Task statuses: requested → accepted or
// rejected → in-progress (first attended) → completed or failed; on-hold where a service
// pauses; cancelled by the referrer or consent withdrawal. Anything not listed is refused.
const allowed: Record<OutcomeEventKind, Partial<Record<OnwardReferralStatus, OnwardReferralStatus>>> = {
  accepted: { requested: "accepted" },
  declined: { requested: "rejected" },
  appointment_booked: { accepted: "accepted", "in-progress": "in-progress", "on-hold": "on-hold" },
  attended: { accepted: "in-progress", "in-progress": "in-progress" },
  did_not_attend: { accepted: "accepted", "in-progress": "in-progress" },
  engagement_check_4_weeks: { "in-progress": "in-progress", "on-hold": "on-hold" },
  engagement_check_12_weeks: { "in-progress": "in-progress", "on-hold": "on-hold" },
  on_hold: { accepted: "on-hold", "in-progress": "on-hold" },
  resumed: { "on-hold": "in-progress" },
  ended: { accepted: "completed", "in-progress": "completed", "on-hold": "completed" },
  cancelled: { requested: "cancelled", accepted: "cancelled", "in-progress": "cancelled", "on-hold": "cancelled" },
};

const cases = OUTCOME_EVENT_KINDS.flatMap((event) => ONWARD_REFERRAL_STATUSES.map((from) => [event, from, allowed[event][from] ?? null] as const));

describe("onward referral transitions", () => {
  it.each(cases)("%s from %s → %s", (event, from, expected) => {
    const result = nextOnwardStatus(from, event, { endReason: "completed", hasAttended: true });
    if (expected) {
      expect(result).toEqual({ ok: true, status: expected });
    } else {
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/cannot be recorded while the referral is “/);
    }
  });

  it.each(Object.keys(END_REASONS) as EndReason[])("ending as %s sets completed or failed", (endReason) => {
    const expected = endReason === "completed" || endReason === "transferred" ? "completed" : "failed";
    for (const from of ["accepted", "in-progress", "on-hold"] as const) {
      expect(nextOnwardStatus(from, "ended", { endReason })).toEqual({ ok: true, status: expected });
    }
  });

  it("ending without a reason is refused", () => {
    expect(nextOnwardStatus("in-progress", "ended")).toEqual({ ok: false, message: "Say how the referral ended." });
  });

  it("resuming returns to accepted when the person has never attended", () => {
    expect(nextOnwardStatus("on-hold", "resumed", { hasAttended: false })).toEqual({ ok: true, status: "accepted" });
    expect(nextOnwardStatus("on-hold", "resumed", { hasAttended: true })).toEqual({ ok: true, status: "in-progress" });
  });

  it("a service is offered only the events the status allows, never cancelling", () => {
    expect(eventsAllowedFrom("requested")).toEqual(["accepted", "declined"]);
    expect(eventsAllowedFrom("completed")).toEqual([]);
    expect(eventsAllowedFrom("on-hold")).toEqual(["appointment_booked", "engagement_check_4_weeks", "engagement_check_12_weeks", "resumed", "ended"]);
  });
});

describe("outcome event detail", () => {
  it("a decline needs a reason, and text when the reason is other", () => {
    expect(outcomeEventSchema.safeParse({ kind: "declined", occurredOn: "2026-03-02" }).success).toBe(false);
    const other = outcomeEventSchema.safeParse({ kind: "declined", occurredOn: "2026-03-02", reason: "other" });
    expect(other.success).toBe(false);
    expect(!other.success && other.error.issues[0]).toMatchObject({ path: ["reasonText"], message: "Say why the referral is declined" });
    expect(outcomeEventSchema.safeParse({ kind: "declined", occurredOn: "2026-03-02", reason: "no_capacity" }).success).toBe(true);
  });

  it("a booking needs a time and a place; dates must be real", () => {
    expect(outcomeEventSchema.safeParse({ kind: "appointment_booked", occurredOn: "2026-03-02", appointmentAt: "2026-03-09T10:00:00.000Z", place: "14 Harbour Road" }).success).toBe(true);
    expect(outcomeEventSchema.safeParse({ kind: "appointment_booked", occurredOn: "2026-03-02", place: "x" }).success).toBe(false);
    expect(outcomeEventSchema.safeParse({ kind: "attended", occurredOn: "2026-02-30" }).success).toBe(false);
    expect(outcomeEventSchema.safeParse({ kind: "nonsense", occurredOn: "2026-02-03" }).success).toBe(false);
  });
});
