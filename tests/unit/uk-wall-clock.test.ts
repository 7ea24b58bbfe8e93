// The UK wall clock worked out once per UTC hour gives what Intl gives for every instant,
// including either side of each change of the clocks and in hours that are not whole.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromUkWall, toUkWall, ukDateOf } from "~/utils/dates";

const intl = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
/** What Intl says, asked for this instant alone. */
function byIntl(date: Date): Date {
  const p = Object.fromEntries(intl.formatToParts(date).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second, date.getUTCMilliseconds()));
}

/** The last Sunday of a month, at 01:00 UTC: when the UK's clocks change since 1996. */
function change(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
}

describe("the UK wall clock", () => {
  it("is what Intl says at any instant from 1800 to 2100", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2100, 0, 1) }), (time) => {
        expect(toUkWall(new Date(time)).getTime()).toBe(byIntl(new Date(time)).getTime());
      }),
      { numRuns: 5_000 },
    );
  });

  it("changes at the very millisecond the clocks go forward and back", () => {
    for (let year = 1996; year <= 2040; year++) {
      for (const at of [change(year, 2), change(year, 9)]) {
        for (const time of [at - 3_600_001, at - 1, at, at + 1, at + 3_599_999, at + 3_600_000]) {
          expect(toUkWall(new Date(time)).getTime(), new Date(time).toISOString()).toBe(
            byIntl(new Date(time)).getTime(),
          );
        }
      }
    }
    expect(ukDateOf(new Date("2026-03-29T00:59:59.999Z"))).toBe("2026-03-29");
    expect(toUkWall(new Date("2026-03-29T01:00:00.000Z")).toISOString()).toBe("2026-03-29T02:00:00.000Z");
    expect(toUkWall(new Date("2026-10-25T00:59:59.999Z")).toISOString()).toBe("2026-10-25T01:59:59.999Z");
    expect(toUkWall(new Date("2026-10-25T01:00:00.000Z")).toISOString()).toBe("2026-10-25T01:00:00.000Z");
  });

  it("is right in the hour London's clocks moved off local mean time, which is not a whole hour", () => {
    // 1 December 1847: from 00:01:15 local mean time to GMT.
    const start = Date.UTC(1847, 11, 1, 0);
    for (let time = start; time < start + 3_600_000; time += 15_000)
      expect(toUkWall(new Date(time)).getTime()).toBe(byIntl(new Date(time)).getTime());
  });

  it("goes back to the instant it came from", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2060, 0, 1) }), (time) => {
        const wall = toUkWall(new Date(time));
        // An hour the clocks went back shows twice on the wall: either instant is a right answer.
        expect([time, time - 3_600_000, time + 3_600_000]).toContain(fromUkWall(wall).getTime());
      }),
    );
  });

  it("refuses an invalid date as Intl does", () => {
    expect(() => toUkWall(new Date(Number.NaN))).toThrow(RangeError);
  });
});
