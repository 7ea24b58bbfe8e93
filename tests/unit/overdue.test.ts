import { describe, expect, it } from "vitest";
import { bankHolidays, bankHolidaysAround } from "~/domain/bank-holidays";
import { addWorkingDays, overdueState } from "~/domain/overdue";
import { ukDateOf } from "~/utils/dates";

const scottishBankHolidays = (year: number) => bankHolidays(year, "scotland");

const settings = { acknowledgementWorkingDays: 2, feedbackOverdueDays: 28 };
const requested = (createdAt: string) => ({
  status: "requested" as const,
  createdAt,
  respondedAt: null,
  lastOutcomeAt: createdAt,
});

describe("not accepted or declined within 2 working days", () => {
  it("sent on a Friday afternoon is due on Tuesday afternoon: the weekend does not count", () => {
    const sent = "2026-03-06T15:00:00.000Z"; // Friday, GMT
    expect(addWorkingDays(new Date(sent), 2).toISOString()).toBe("2026-03-10T15:00:00.000Z");
    expect(overdueState(requested(sent), new Date("2026-03-09T23:00:00Z"), settings)).toBeNull(); // Monday night
    expect(overdueState(requested(sent), new Date("2026-03-10T14:59:00Z"), settings)).toBeNull();
    expect(overdueState(requested(sent), new Date("2026-03-10T15:01:00Z"), settings)).toEqual({
      reason: "acknowledgement",
      dueAt: "2026-03-10T15:00:00.000Z",
    });
  });

  it("sent on a Saturday counts from Monday morning, so is due at the end of Tuesday", () => {
    const sent = "2026-03-07T10:00:00.000Z";
    expect(addWorkingDays(new Date(sent), 2).toISOString()).toBe("2026-03-11T00:00:00.000Z");
    expect(overdueState(requested(sent), new Date("2026-03-10T23:59:00Z"), settings)).toBeNull();
    expect(overdueState(requested(sent), new Date("2026-03-11T00:01:00Z"), settings)?.reason).toBe("acknowledgement");
  });

  it("sent on a Sunday night is treated the same as Saturday", () => {
    expect(addWorkingDays(new Date("2026-03-08T23:30:00.000Z"), 2).toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });

  it("sent on a Monday morning is due on Wednesday morning", () => {
    expect(addWorkingDays(new Date("2026-03-09T09:30:00.000Z"), 2).toISOString()).toBe("2026-03-11T09:30:00.000Z");
  });

  it("keeps the UK time of day when the clocks change over the weekend", () => {
    // Friday 27 March 15:00 GMT → Tuesday 31 March 15:00 BST (14:00 UTC).
    expect(addWorkingDays(new Date("2026-03-27T15:00:00.000Z"), 2).toISOString()).toBe("2026-03-31T14:00:00.000Z");
  });

  it("late on Friday night in summer is still Friday in the UK", () => {
    // 23:30 BST on Friday 5 June is 22:30 UTC.
    expect(ukDateOf(new Date("2026-06-05T23:30:00.000Z"))).toBe("2026-06-06");
    expect(addWorkingDays(new Date("2026-06-05T22:30:00.000Z"), 2).toISOString()).toBe("2026-06-09T22:30:00.000Z");
  });

  it("skips bank holidays when they are given", () => {
    const holidays = new Set(scottishBankHolidays(2026));
    // Thursday 2 April 10:00 BST; Good Friday is a holiday (Easter Monday is not, in Scotland).
    expect(addWorkingDays(new Date("2026-04-02T09:00:00.000Z"), 2).toISOString()).toBe("2026-04-06T09:00:00.000Z");
    expect(addWorkingDays(new Date("2026-04-02T09:00:00.000Z"), 2, holidays).toISOString()).toBe(
      "2026-04-07T09:00:00.000Z",
    );
  });

  it("the threshold is a setting", () => {
    const sent = "2026-03-09T09:00:00.000Z";
    expect(
      overdueState(requested(sent), new Date("2026-03-10T10:00:00Z"), { ...settings, acknowledgementWorkingDays: 1 })
        ?.reason,
    ).toBe("acknowledgement");
    expect(overdueState(requested(sent), new Date("2026-03-10T10:00:00Z"), settings)).toBeNull();
  });
});

describe("no outcome event for 28 days while open", () => {
  const open = (status: "accepted" | "in-progress" | "on-hold", lastOutcomeAt: string) => ({
    status,
    createdAt: "2026-01-05T10:00:00.000Z",
    respondedAt: "2026-01-06T10:00:00.000Z",
    lastOutcomeAt,
  });

  it.each(["accepted", "in-progress", "on-hold"] as const)(
    "%s: overdue 28 days after the last event, weekends included",
    (status) => {
      const last = "2026-02-02T10:00:00.000Z";
      expect(overdueState(open(status, last), new Date("2026-03-02T09:59:00Z"), settings)).toBeNull();
      expect(overdueState(open(status, last), new Date("2026-03-02T10:01:00Z"), settings)).toEqual({
        reason: "feedback",
        dueAt: "2026-03-02T10:00:00.000Z",
        lastFeedbackAt: last,
      });
    },
  );

  it.each(["rejected", "completed", "failed", "cancelled"] as const)("a %s referral is never overdue", (status) => {
    expect(
      overdueState(
        { status, createdAt: "2025-01-01T00:00:00Z", respondedAt: null, lastOutcomeAt: null },
        new Date("2026-03-02T00:00:00Z"),
        settings,
      ),
    ).toBeNull();
  });
});

describe("Scotland's bank holidays", () => {
  it("2026, with Boxing Day moved to Monday", () => {
    expect(scottishBankHolidays(2026)).toEqual([
      "2026-01-01",
      "2026-01-02",
      "2026-04-03",
      "2026-05-04",
      "2026-05-25",
      "2026-08-03",
      "2026-11-30",
      "2026-12-25",
      "2026-12-28",
    ]);
  });

  it("2027, when New Year and Christmas fall at weekends", () => {
    // 1 Jan 2027 is a Friday, 2 Jan a Saturday → Monday 4; 25 Dec a Saturday → 27 and 28; 30 Nov a Tuesday.
    expect(scottishBankHolidays(2027)).toEqual([
      "2027-01-01",
      "2027-01-04",
      "2027-03-26",
      "2027-05-03",
      "2027-05-31",
      "2027-08-02",
      "2027-11-30",
      "2027-12-27",
      "2027-12-28",
    ]);
  });
});

describe("one-off bank holidays, from a maintained source (date-holidays)", () => {
  it.each(["scotland", "england-and-wales", "northern-ireland"] as const)(
    "%s: the Queen's funeral and the coronation are not working days",
    (nation) => {
      expect(bankHolidays(2022, nation)).toContain("2022-09-19");
      expect(bankHolidays(2022, nation)).toContain("2022-06-03"); // Platinum Jubilee
      expect(bankHolidays(2023, nation)).toContain("2023-05-08");
    },
  );

  it("a referral sent the Friday before the coronation is due on Wednesday, not Tuesday", () => {
    // Friday 5 May 2023 10:00 BST; Monday 8 May was the coronation bank holiday.
    const sent = new Date("2023-05-05T09:00:00.000Z");
    expect(addWorkingDays(sent, 2, bankHolidaysAround(sent)).toISOString()).toBe("2023-05-10T09:00:00.000Z");
  });

  it("each nation keeps its own days: Easter Monday in England and Wales, St Patrick's Day in Northern Ireland", () => {
    expect(bankHolidays(2026, "scotland")).not.toContain("2026-04-06");
    expect(bankHolidays(2026, "england-and-wales")).toContain("2026-04-06");
    expect(bankHolidays(2026, "england-and-wales")).not.toContain("2026-11-30");
    expect(bankHolidays(2026, "northern-ireland")).toContain("2026-03-17");
  });

  it("Pathway counts Scotland's when no nation is given: the deployment is Scottish", () => {
    const sent = new Date("2026-04-02T09:00:00.000Z");
    expect(bankHolidaysAround(sent).has("2026-04-03")).toBe(true);
    expect(bankHolidaysAround(sent).has("2026-04-06")).toBe(false);
  });
});
