import { describe, expect, it } from "vitest";
import { daysInMonth, fromShanghai, fromShanghaiDate, parseShanghaiLocal, shanghaiDate, shanghaiDateTime, shanghaiMonth, shanghaiParts, startOfShanghaiDay, toShanghaiLocal } from "@/lib/time";

describe("the council's clock is Shanghai's (UTC+8, no daylight saving)", () => {
  it("the calendar day, month and year turn at midnight in Shanghai, 16:00 UTC the day before", () => {
    expect(shanghaiDate(new Date("2026-12-31T15:59:59Z"))).toBe("2026-12-31");
    expect(shanghaiDate(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01");
    expect(shanghaiMonth(new Date("2025-05-31T16:00:00Z"))).toBe("2025-06");
    expect(shanghaiParts(new Date("2026-12-31T16:00:00Z")).year).toBe(2027);
    // Summer too: Shanghai keeps no daylight saving.
    expect(shanghaiDateTime(new Date("2026-07-01T11:05:00Z"))).toBe("2026-07-01 19:05");
  });

  it("exports and records write 'YYYY-MM-DD HH:mm' and nothing for no date", () => {
    expect(shanghaiDateTime(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01 00:00");
    expect(shanghaiDateTime(null)).toBe("");
    expect(shanghaiDateTime(undefined)).toBe("");
  });

  it("a Shanghai wall-clock time is the instant eight hours earlier in UTC; days roll over like Date.UTC", () => {
    expect(fromShanghai(2027, 1, 1).toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(fromShanghai(2025, 3, 15, 19, 0).toISOString()).toBe("2025-03-15T11:00:00.000Z");
    expect(fromShanghai(2025, 0, 1).toISOString()).toBe(fromShanghai(2024, 12, 1).toISOString());
    expect(startOfShanghaiDay(new Date("2025-03-15T17:30:00Z")).toISOString()).toBe("2025-03-15T16:00:00.000Z");
    // A stored calendar day, read as that day in Shanghai.
    expect(fromShanghaiDate("2026-03-15").toISOString()).toBe("2026-03-14T16:00:00.000Z");
    expect(fromShanghaiDate("2026-03-15", 12).toISOString()).toBe("2026-03-15T04:00:00.000Z");
    expect(Number.isNaN(fromShanghaiDate("15/03/2026").getTime())).toBe(true);
  });

  it("a datetime-local value is read as Shanghai time and an impossible date is refused, not moved", () => {
    expect(parseShanghaiLocal("2025-03-15T19:00")?.toISOString()).toBe("2025-03-15T11:00:00.000Z");
    expect(parseShanghaiLocal(" 2025-03-15T19:00:30 ")?.toISOString()).toBe("2025-03-15T11:00:00.000Z");
    for (const bad of ["2025-02-30T10:00", "2025-13-01T10:00", "2025-03-15T24:00", "2025-03-15 19:00", "2025-03-15T19:00+08:00", ""]) {
      expect(parseShanghaiLocal(bad), bad).toBeNull();
    }
    expect(toShanghaiLocal(new Date("2025-03-15T11:00:00Z"))).toBe("2025-03-15T19:00");
    expect(toShanghaiLocal(parseShanghaiLocal("2024-02-29T23:59")!)).toBe("2024-02-29T23:59");
  });

  it("knows the length of every month, leap Februaries included", () => {
    expect([1, 2, 3, 4, 12].map((m) => daysInMonth(2025, m))).toEqual([31, 28, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
  });
});
