import { describe, expect, it } from "vitest";
import {
  checkThrottle,
  LOCK_MINUTES,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PHONE,
  recordFailure,
  WINDOW_MINUTES,
  type ThrottleRecord,
} from "@/lib/domain/sign-in-throttle";

const t0 = new Date("2026-11-26T08:00:00+08:00");
const at = (minutes: number, seconds = 0) => new Date(t0.getTime() + minutes * 60_000 + seconds * 1000);

/** Applies `n` failures at the given times and returns the record. */
function failures(times: Date[], max = MAX_FAILURES_PER_PHONE): ThrottleRecord | null {
  let record: ThrottleRecord | null = null;
  for (const time of times) record = recordFailure(record, time, max);
  return record;
}

describe("sign-in throttle rules", () => {
  it("lets the first attempt through (nothing recorded)", () => {
    expect(checkThrottle(null, t0)).toEqual({ allowed: true });
    expect(checkThrottle(undefined, t0)).toEqual({ allowed: true });
  });

  it("a first failure opens a window without locking", () => {
    expect(recordFailure(null, t0, 5)).toEqual({ failures: 1, windowStartedAt: t0, lockedUntil: null });
  });

  for (let n = 1; n < MAX_FAILURES_PER_PHONE; n++) {
    it(`${n} wrong password(s) in the window do not lock a number`, () => {
      const record = failures(Array.from({ length: n }, (_, i) => at(i)));
      expect(record!.failures).toBe(n);
      expect(record!.lockedUntil).toBeNull();
      expect(checkThrottle(record, at(n))).toEqual({ allowed: true });
    });
  }

  it(`the ${MAX_FAILURES_PER_PHONE}th failure inside ${WINDOW_MINUTES} minutes locks the number for ${LOCK_MINUTES} minutes`, () => {
    const record = failures([at(0), at(1), at(2), at(3), at(14, 59)]);
    expect(record!.lockedUntil).toEqual(at(14 + LOCK_MINUTES, 59));
    expect(checkThrottle(record, at(15))).toEqual({ allowed: false, retryAfterMinutes: LOCK_MINUTES });
  });

  it("tells how many whole minutes are left, rounding up, never 0", () => {
    const record = failures([at(0), at(0), at(0), at(0), at(0)]);
    expect(checkThrottle(record, at(0))).toEqual({ allowed: false, retryAfterMinutes: 15 });
    expect(checkThrottle(record, at(5, 30))).toEqual({ allowed: false, retryAfterMinutes: 10 });
    expect(checkThrottle(record, at(14, 1))).toEqual({ allowed: false, retryAfterMinutes: 1 });
    expect(checkThrottle(record, at(14, 59))).toEqual({ allowed: false, retryAfterMinutes: 1 });
  });

  it("the lock ends exactly when it says", () => {
    const record = failures([at(0), at(0), at(0), at(0), at(0)]);
    expect(checkThrottle(record, at(LOCK_MINUTES)).allowed).toBe(true);
    expect(checkThrottle(record, at(LOCK_MINUTES, -1)).allowed).toBe(false);
  });

  it("failures spread wider than the window never lock", () => {
    const record = failures([at(0), at(4), at(8), at(12), at(WINDOW_MINUTES)]);
    // The fifth came when the first window was over: it starts a new window with one failure.
    expect(record).toEqual({ failures: 1, windowStartedAt: at(WINDOW_MINUTES), lockedUntil: null });
  });

  it("after a lock runs out, counting starts again from one", () => {
    const locked = failures([at(0), at(0), at(0), at(0), at(0)]);
    const after = recordFailure(locked, at(LOCK_MINUTES), MAX_FAILURES_PER_PHONE);
    expect(after).toEqual({ failures: 1, windowStartedAt: at(LOCK_MINUTES), lockedUntil: null });
  });

  it("a client address has a larger allowance than one number", () => {
    expect(MAX_FAILURES_PER_ADDRESS).toBeGreaterThan(MAX_FAILURES_PER_PHONE);
    const almost = failures(Array.from({ length: MAX_FAILURES_PER_ADDRESS - 1 }, () => at(1)), MAX_FAILURES_PER_ADDRESS);
    expect(almost!.lockedUntil).toBeNull();
    const locked = recordFailure(almost, at(2), MAX_FAILURES_PER_ADDRESS);
    expect(locked.lockedUntil).toEqual(at(2 + LOCK_MINUTES));
  });

  it("does not change the record it was given", () => {
    const record: ThrottleRecord = { failures: 2, windowStartedAt: at(0), lockedUntil: null };
    recordFailure(record, at(1), 5);
    expect(record).toEqual({ failures: 2, windowStartedAt: at(0), lockedUntil: null });
  });
});
