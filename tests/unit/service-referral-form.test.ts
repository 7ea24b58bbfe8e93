import { describe, expect, it } from "vitest";
import { describeSave, eventsFromServiceForm } from "~/domain/service-referral-form";

const today = "2026-12-07";

describe("the service referral page's forms as events", () => {
  it("a missed appointment carries its re-booking; errors are named by the field on the page", () => {
    const missed = eventsFromServiceForm(
      "attendance",
      {
        "attendance.attendance": "did_not_attend",
        "attendance.occurredOn": "2026-12-06",
        "attendance.rebookAt": "2026-12-14T10:00",
        "attendance.rebookPlace": "Kelmoor hub",
      },
      today,
    );
    expect(missed.ok && missed.events.map((e) => e.kind)).toEqual(["did_not_attend", "appointment_booked"]);
    const noPlace = eventsFromServiceForm(
      "attendance",
      {
        "attendance.attendance": "did_not_attend",
        "attendance.occurredOn": "2026-12-06",
        "attendance.rebookAt": "2026-12-14T10:00",
      },
      today,
    );
    expect(noPlace).toEqual({ ok: false, errors: { "attendance.rebookPlace": "Enter where the appointment is" } });
    expect(eventsFromServiceForm("decline", { "decline.occurredOn": today }, today)).toEqual({
      ok: false,
      errors: { "decline.reason": "Choose why the referral is declined" },
    });
  });

  it("a step records only its own events: the attendance form cannot end a referral", () => {
    const result = eventsFromServiceForm(
      "attendance",
      { "attendance.attendance": "ended", "attendance.occurredOn": today },
      today,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toEqual(["attendance.attendance"]);
  });

  it("says what a save changed", () => {
    expect(describeSave(["attended"], "accepted", "in-progress")).toBe(
      "Recorded: attended. The referral was “Accepted by the service” and is now “Attending”.",
    );
    expect(describeSave(["did_not_attend", "appointment_booked"], "accepted", "accepted")).toBe(
      "Recorded: did not attend and first appointment booked. The referral is still “Accepted by the service”.",
    );
  });
});
