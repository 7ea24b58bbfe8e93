import { describe, expect, it } from "vitest";
import {
  ONWARD_REFERRAL_STATUSES,
  OUTCOME_EVENT_KINDS,
  type OnwardReferralStatus,
  type OutcomeEventKind,
} from "#db/schema";
import {
  allowedOnwardReferralEvents,
  END_REASONS,
  eventLeadingTo,
  nextOnwardStatus,
  outcomeEventSchema,
  serviceSteps,
  type EndReason,
  type OnwardActor,
} from "~/domain/onward-referral-states";

// The closed-loop referral of the product brief as FHIR Task statuses, walked event by event
// as a service (or the referrer) records them: each walk says where the referral ends up, or
// which event is refused and why.
type Step = OutcomeEventKind | [OutcomeEventKind, OnwardActor] | [OutcomeEventKind, OnwardActor, EndReason];

function walk(steps: Step[], start: OnwardReferralStatus = "requested") {
  let status = start;
  let hasAttended = false;
  const seen: OnwardReferralStatus[] = [];
  for (const step of steps) {
    const [event, actor, endReason] =
      typeof step === "string"
        ? [step, "service" as const, "completed" as const]
        : [step[0], step[1], step[2] ?? "completed"];
    const change = nextOnwardStatus(status, event, actor, { endReason, hasAttended });
    if (!change.ok) return { refused: event, message: change.message, seen };
    status = change.status;
    if (event === "attended") hasAttended = true;
    seen.push(status);
  }
  return { status, seen };
}

describe("walks through an onward referral", () => {
  it("accepted, booked, attended, checked at 4 and 12 weeks, then completed", () => {
    expect(
      walk([
        "accepted",
        "appointment_booked",
        "attended",
        "engagement_check_4_weeks",
        "engagement_check_12_weeks",
        "ended",
      ]).seen,
    ).toEqual(["accepted", "accepted", "in-progress", "in-progress", "in-progress", "completed"]);
  });

  it("a missed appointment leaves the referral accepted until the person comes", () => {
    expect(walk(["accepted", "appointment_booked", "did_not_attend", "appointment_booked", "attended"]).seen).toEqual([
      "accepted",
      "accepted",
      "accepted",
      "accepted",
      "in-progress",
    ]);
  });

  it("a decline closes the referral: nothing more can be recorded by anyone", () => {
    expect(walk(["declined"]).status).toBe("rejected");
    expect(walk(["declined", "accepted"])).toMatchObject({
      refused: "accepted",
      message: "“Accepted” cannot be recorded while the referral is “Declined by the service”.",
    });
    expect(walk(["declined", ["cancelled", "referrer"]])).toMatchObject({ refused: "cancelled" });
  });

  it("resuming returns to where the referral was paused", () => {
    expect(walk(["accepted", "on_hold", "resumed"]).status).toBe("accepted");
    expect(walk(["accepted", "attended", "on_hold", "resumed"]).status).toBe("in-progress");
  });

  it("ending splits on its reason: completed or transferred complete it, the rest fail it", () => {
    for (const endReason of Object.keys(END_REASONS) as EndReason[]) {
      const expected = endReason === "completed" || endReason === "transferred" ? "completed" : "failed";
      expect(walk(["accepted", "attended", ["ended", "service", endReason]]).status).toBe(expected);
    }
    expect(nextOnwardStatus("in-progress", "ended", "service")).toEqual({
      ok: false,
      message: "Say how the referral ended.",
    });
  });

  it("only the referrer cancels, and only the service records what happened", () => {
    expect(walk(["accepted", "attended", ["cancelled", "referrer"]]).status).toBe("cancelled");
    expect(walk(["accepted", "cancelled"])).toMatchObject({
      refused: "cancelled",
      message: "Only the referring worker can cancel a referral.",
    });
    expect(walk([["accepted", "referrer"]])).toMatchObject({
      refused: "accepted",
      message: "Only the service can record “Accepted”.",
    });
  });

  it("attendance and engagement need an accepted referral; engagement comes after attending", () => {
    expect(walk(["attended"])).toMatchObject({ refused: "attended" });
    expect(walk(["accepted", "engagement_check_4_weeks"])).toMatchObject({ refused: "engagement_check_4_weeks" });
  });
});

describe("what each actor may record", () => {
  it("no one records anything on a closed referral", () => {
    for (const status of ["rejected", "completed", "failed", "cancelled"] as const) {
      expect(allowedOnwardReferralEvents(status, "service")).toEqual([]);
      expect(allowedOnwardReferralEvents(status, "referrer")).toEqual([]);
    }
  });

  it("every event is someone's to record from some status", () => {
    for (const event of OUTCOME_EVENT_KINDS) {
      const anywhere = ONWARD_REFERRAL_STATUSES.some((s) =>
        [...allowedOnwardReferralEvents(s, "service"), ...allowedOnwardReferralEvents(s, "referrer")].includes(event),
      );
      expect(anywhere, event).toBe(true);
    }
  });
});

describe("a change of status read as the event behind it (the FHIR API)", () => {
  it("finds the event, or none where the state machine has no way there", () => {
    expect(eventLeadingTo("requested", "accepted", "service")).toBe("accepted");
    expect(eventLeadingTo("on-hold", "accepted", "service", { hasAttended: false })).toBe("resumed");
    expect(eventLeadingTo("on-hold", "accepted", "service", { hasAttended: true })).toBeNull();
    expect(eventLeadingTo("accepted", "in-progress", "service")).toBe("attended");
    expect(eventLeadingTo("accepted", "failed", "service", { endReason: "disengaged" })).toBe("ended");
    expect(eventLeadingTo("requested", "completed", "service", { endReason: "completed" })).toBeNull();
    expect(eventLeadingTo("accepted", "cancelled", "service")).toBeNull();
    expect(eventLeadingTo("accepted", "cancelled", "referrer")).toBe("cancelled");
  });
});

describe("the service's next step", () => {
  it("follows the referral: answer, book, record attendance, check engagement, end; resume what is on hold", () => {
    expect(serviceSteps({ status: "requested", firstAppointmentAt: null, recorded: [] })).toEqual({
      next: ["accept", "decline"],
      other: [],
    });
    expect(serviceSteps({ status: "accepted", firstAppointmentAt: null, recorded: ["accepted"] })).toEqual({
      next: ["book"],
      other: ["attendance", "hold", "end"],
    });
    expect(
      serviceSteps({
        status: "accepted",
        firstAppointmentAt: "2026-12-08T10:00:00Z",
        recorded: ["accepted", "appointment_booked"],
      }).next,
    ).toEqual(["attendance"]);
    expect(serviceSteps({ status: "in-progress", firstAppointmentAt: "x", recorded: ["attended"] }).next).toEqual([
      "engagement",
    ]);
    expect(
      serviceSteps({
        status: "in-progress",
        firstAppointmentAt: "x",
        recorded: ["attended", "engagement_check_4_weeks", "engagement_check_12_weeks"],
      }).next,
    ).toEqual(["end"]);
    expect(serviceSteps({ status: "on-hold", firstAppointmentAt: null, recorded: [] })).toEqual({
      next: ["resume"],
      other: ["book", "engagement", "end"],
    });
    expect(serviceSteps({ status: "completed", firstAppointmentAt: null, recorded: [] })).toEqual({
      next: [],
      other: [],
    });
  });
});

describe("outcome event detail", () => {
  it("a decline needs a reason, and text when the reason is other", () => {
    expect(outcomeEventSchema.safeParse({ kind: "declined", occurredOn: "2026-03-02" }).success).toBe(false);
    const other = outcomeEventSchema.safeParse({ kind: "declined", occurredOn: "2026-03-02", reason: "other" });
    expect(other.success).toBe(false);
    expect(!other.success && other.error.issues[0]).toMatchObject({
      path: ["reasonText"],
      message: "Say why the referral is declined",
    });
    expect(
      outcomeEventSchema.safeParse({ kind: "declined", occurredOn: "2026-03-02", reason: "no_capacity" }).success,
    ).toBe(true);
  });

  it("a booking needs a time and a place; dates must be real", () => {
    expect(
      outcomeEventSchema.safeParse({
        kind: "appointment_booked",
        occurredOn: "2026-03-02",
        appointmentAt: "2026-03-09T10:00:00.000Z",
        place: "14 Harbour Road",
      }).success,
    ).toBe(true);
    expect(
      outcomeEventSchema.safeParse({ kind: "appointment_booked", occurredOn: "2026-03-02", place: "x" }).success,
    ).toBe(false);
    expect(outcomeEventSchema.safeParse({ kind: "attended", occurredOn: "2026-02-30" }).success).toBe(false);
    expect(outcomeEventSchema.safeParse({ kind: "nonsense", occurredOn: "2026-02-03" }).success).toBe(false);
  });
});
