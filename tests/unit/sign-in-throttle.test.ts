import { describe, expect, it } from "vitest";
import {
  checkThrottle,
  countAttempt,
  FIRST_DELAY_SECONDS,
  FREE_FAILURES_PER_PHONE,
  gateSignIn,
  isKnownAddress,
  KNOWN_ADDRESS_DAYS,
  LOCK_MINUTES,
  MAX_DELAY_MINUTES,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PAIR,
  MAX_REGISTRATIONS_PER_ADDRESS,
  MAX_REGISTRATIONS_PER_PHONE,
  PHONE_WINDOW_HOURS,
  phoneDelayMs,
  recordFailure,
  recordPhoneFailure,
  REGISTRATION_WINDOW_MINUTES,
  WINDOW_MINUTES,
  type ThrottleRecord,
  withdrawFailure,
} from "@/lib/domain/sign-in-throttle";

const t0 = new Date("2026-11-26T08:00:00+08:00");
const at = (minutes: number, seconds = 0) => new Date(t0.getTime() + minutes * 60_000 + seconds * 1000);

/** Applies `n` failures at the given times and returns the record. */
function failures(times: Date[], max = MAX_FAILURES_PER_PAIR): ThrottleRecord | null {
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

  for (let n = 1; n < MAX_FAILURES_PER_PAIR; n++) {
    it(`${n} wrong password(s) in the window do not lock a (number, address) pair`, () => {
      const record = failures(Array.from({ length: n }, (_, i) => at(i)));
      expect(record!.failures).toBe(n);
      expect(record!.lockedUntil).toBeNull();
      expect(checkThrottle(record, at(n))).toEqual({ allowed: true });
    });
  }

  it(`the ${MAX_FAILURES_PER_PAIR}th failure inside ${WINDOW_MINUTES} minutes locks the pair for ${LOCK_MINUTES} minutes`, () => {
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
    const after = recordFailure(locked, at(LOCK_MINUTES), MAX_FAILURES_PER_PAIR);
    expect(after).toEqual({ failures: 1, windowStartedAt: at(LOCK_MINUTES), lockedUntil: null });
  });

  it("a client address has a larger allowance than one number", () => {
    expect(MAX_FAILURES_PER_ADDRESS).toBeGreaterThan(MAX_FAILURES_PER_PAIR);
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

/** Applies failures of one number (from any address) at the given times. */
function phoneFailures(times: Date[]): ThrottleRecord | null {
  let record: ThrottleRecord | null = null;
  for (const time of times) record = recordPhoneFailure(record, time);
  return record;
}

describe("a number is slowed down across addresses, never locked", () => {
  for (let n = 1; n < FREE_FAILURES_PER_PHONE; n++) {
    it(`${n} failure(s) of a number from anywhere cost no wait`, () => {
      const record = phoneFailures(Array.from({ length: n }, () => at(0)));
      expect(record).toEqual({ failures: n, windowStartedAt: at(0), lockedUntil: null });
      expect(phoneDelayMs(n)).toBe(0);
    });
  }

  it(`from the ${FREE_FAILURES_PER_PHONE}th failure the wait starts at ${FIRST_DELAY_SECONDS} s and doubles`, () => {
    const waits = Array.from({ length: 6 }, (_, i) => phoneDelayMs(FREE_FAILURES_PER_PHONE + i) / 1000);
    expect(waits).toEqual([30, 60, 120, 240, 480, 900]);
    const record = phoneFailures(Array.from({ length: FREE_FAILURES_PER_PHONE }, () => at(0)));
    expect(record!.lockedUntil).toEqual(at(0, FIRST_DELAY_SECONDS));
  });

  it(`the wait never grows beyond ${MAX_DELAY_MINUTES} minutes, however many failures (no lock-out)`, () => {
    for (const n of [FREE_FAILURES_PER_PHONE + 5, 50, 1000, 1e9]) expect(phoneDelayMs(n)).toBe(MAX_DELAY_MINUTES * 60_000);
    const record = phoneFailures(Array.from({ length: 200 }, (_, i) => at(i)));
    expect(record!.lockedUntil!.getTime() - at(199).getTime()).toBe(MAX_DELAY_MINUTES * 60_000);
  });

  it(`a number's count lasts ${PHONE_WINDOW_HOURS} hours, so waiting out a delay does not refill the free failures`, () => {
    const record = phoneFailures(Array.from({ length: FREE_FAILURES_PER_PHONE + 3 }, (_, i) => at(i * 20)));
    expect(record!.failures).toBe(FREE_FAILURES_PER_PHONE + 3);
    expect(record!.lockedUntil).not.toBeNull();
    const nextDay = recordPhoneFailure(record, at(PHONE_WINDOW_HOURS * 60));
    expect(nextDay).toEqual({ failures: 1, windowStartedAt: at(PHONE_WINDOW_HOURS * 60), lockedUntil: null });
  });

  it("does not change the record it was given", () => {
    const record: ThrottleRecord = { failures: 7, windowStartedAt: at(0), lockedUntil: at(1) };
    recordPhoneFailure(record, at(2));
    expect(record).toEqual({ failures: 7, windowStartedAt: at(0), lockedUntil: at(1) });
  });
});

describe("the sign-in gate", () => {
  const lockedPair = failures(Array.from({ length: MAX_FAILURES_PER_PAIR }, () => at(0)));
  const lockedAddress = failures(Array.from({ length: MAX_FAILURES_PER_ADDRESS }, () => at(0)), MAX_FAILURES_PER_ADDRESS);
  const slowedPhone = phoneFailures(Array.from({ length: FREE_FAILURES_PER_PHONE + 2 }, () => at(0)));

  it("nothing recorded: the password is checked", () => {
    expect(gateSignIn({}, at(0))).toEqual({ allowed: true });
  });

  it("a locked pair or a locked address is refused as locked, with its minutes", () => {
    expect(gateSignIn({ pair: lockedPair }, at(1))).toEqual({ allowed: false, reason: "locked", retryAfterMinutes: LOCK_MINUTES - 1 });
    expect(gateSignIn({ address: lockedAddress }, at(1))).toEqual({ allowed: false, reason: "locked", retryAfterMinutes: LOCK_MINUTES - 1 });
  });

  it("a known address does not lift a lock of its own pair or address", () => {
    expect(gateSignIn({ pair: lockedPair, knownSince: at(-60) }, at(1)).allowed).toBe(false);
    expect(gateSignIn({ address: lockedAddress, knownSince: at(-60) }, at(1)).allowed).toBe(false);
  });

  it("a slowed number is refused from a new address, as slowed (not locked), for the minutes left", () => {
    expect(gateSignIn({ phone: slowedPhone }, at(0, 10))).toEqual({ allowed: false, reason: "slowed", retryAfterMinutes: 2 });
    expect(gateSignIn({ phone: slowedPhone, knownSince: null }, at(0, 10)).allowed).toBe(false);
  });

  it("the owner's own address (signed in from before) is not slowed by failures from elsewhere", () => {
    expect(gateSignIn({ phone: slowedPhone, knownSince: at(-60) }, at(0, 10))).toEqual({ allowed: true });
  });

  it(`an address last used more than ${KNOWN_ADDRESS_DAYS} days ago is a new address again`, () => {
    const day = 24 * 60;
    expect(isKnownAddress(at(-KNOWN_ADDRESS_DAYS * day + 1), at(0))).toBe(true);
    expect(isKnownAddress(at(-KNOWN_ADDRESS_DAYS * day), at(0))).toBe(false);
    expect(isKnownAddress(null, at(0))).toBe(false);
    expect(gateSignIn({ phone: slowedPhone, knownSince: at(-KNOWN_ADDRESS_DAYS * day) }, at(0, 10)).allowed).toBe(false);
  });

  it("once the wait is over anyone may try again", () => {
    expect(gateSignIn({ phone: slowedPhone }, new Date(slowedPhone!.lockedUntil!.getTime()))).toEqual({ allowed: true });
  });

  it("a lock is reported before a slow-down (it is the longer wait to explain)", () => {
    expect(gateSignIn({ pair: lockedPair, phone: slowedPhone }, at(0, 10))).toMatchObject({ allowed: false, reason: "locked" });
  });
});

describe("a right password takes back the failure its attempt was counted as", () => {
  const count = (before: ThrottleRecord | null, time: Date, max = MAX_FAILURES_PER_PAIR) => ({ before, after: recordFailure(before, time, max), countedAt: time });

  it("a record nobody counted on since goes back to what it was, or goes away", () => {
    const c = count(null, t0);
    expect(withdrawFailure(c.after, c, MAX_FAILURES_PER_PAIR)).toBeNull();
    const four = failures([at(0), at(1), at(2), at(3)])!;
    const fifth = count(four, at(4));
    // The fifth attempt locked the pair while its password was checked; it was right, so no lock.
    expect(fifth.after.lockedUntil).not.toBeNull();
    expect(withdrawFailure(fifth.after, fifth, MAX_FAILURES_PER_PAIR)).toEqual(four);
  });

  it("a record others counted on since holds one failure fewer, locked only while the rest reach the limit", () => {
    const mine = count(failures([at(0), at(1)]), at(2));
    const others = failures([at(0), at(1), at(2), at(3), at(4)])!;
    expect(others.lockedUntil).not.toBeNull();
    expect(withdrawFailure(others, mine, MAX_FAILURES_PER_PAIR)).toEqual({ failures: 4, windowStartedAt: at(0), lockedUntil: null });
    const six = { ...others, failures: 6 };
    expect(withdrawFailure(six, mine, MAX_FAILURES_PER_PAIR)).toEqual({ ...others, failures: 5 });
  });

  it("a number's wait is lifted when the failures left are within the free ones, kept otherwise", () => {
    let phone: ThrottleRecord | null = null;
    for (let i = 0; i < FREE_FAILURES_PER_PHONE - 1; i++) phone = recordPhoneFailure(phone, at(i));
    const mine = { before: phone, after: recordPhoneFailure(phone, at(10)), countedAt: at(10) };
    expect(mine.after.lockedUntil).not.toBeNull();
    expect(withdrawFailure(mine.after, mine, FREE_FAILURES_PER_PHONE)).toEqual(phone);
    const another = recordPhoneFailure(mine.after, at(11));
    expect(withdrawFailure(another, mine, FREE_FAILURES_PER_PHONE)).toEqual({ ...another, failures: FREE_FAILURES_PER_PHONE });
  });

  it("a window begun after the attempt no longer holds its failure; a record already gone stays gone", () => {
    const mine = count(failures([at(0)]), at(1));
    const fresh = recordFailure(null, at(WINDOW_MINUTES + 5), MAX_FAILURES_PER_PAIR);
    expect(withdrawFailure(fresh, mine, MAX_FAILURES_PER_PAIR)).toBe(fresh);
    expect(withdrawFailure(undefined, mine, MAX_FAILURES_PER_PAIR)).toBeNull();
  });
});

describe("registration counting", () => {
  const count = (times: Date[], max: number) => {
    const state: { record: ThrottleRecord | null } = { record: null };
    const results = times.map((t) => {
      const r = countAttempt(state.record, t, max, REGISTRATION_WINDOW_MINUTES);
      if (r.allowed) state.record = r.next;
      return r;
    });
    return { record: state.record, results };
  };

  it(`a number may try ${MAX_REGISTRATIONS_PER_PHONE} times an hour; the next is refused until the hour is over`, () => {
    const { results } = count(Array.from({ length: MAX_REGISTRATIONS_PER_PHONE + 1 }, (_, i) => at(i)), MAX_REGISTRATIONS_PER_PHONE);
    expect(results.slice(0, -1).every((r) => r.allowed)).toBe(true);
    expect(results.at(-1)).toEqual({ allowed: false, retryAfterMinutes: REGISTRATION_WINDOW_MINUTES - MAX_REGISTRATIONS_PER_PHONE });
  });

  it("a refused attempt is not counted, and a new window starts when the old one is over", () => {
    const { record } = count(Array.from({ length: MAX_REGISTRATIONS_PER_PHONE + 3 }, () => at(0)), MAX_REGISTRATIONS_PER_PHONE);
    expect(record!.failures).toBe(MAX_REGISTRATIONS_PER_PHONE);
    expect(countAttempt(record, at(REGISTRATION_WINDOW_MINUTES, -1), MAX_REGISTRATIONS_PER_PHONE, REGISTRATION_WINDOW_MINUTES)).toEqual({ allowed: false, retryAfterMinutes: 1 });
    expect(countAttempt(record, at(REGISTRATION_WINDOW_MINUTES), MAX_REGISTRATIONS_PER_PHONE, REGISTRATION_WINDOW_MINUTES)).toEqual({
      allowed: true,
      next: { failures: 1, windowStartedAt: at(REGISTRATION_WINDOW_MINUTES), lockedUntil: null },
    });
  });

  it("an address has room for a community centre registering many residents", () => {
    expect(MAX_REGISTRATIONS_PER_ADDRESS).toBeGreaterThan(MAX_REGISTRATIONS_PER_PHONE);
    const { results } = count(Array.from({ length: MAX_REGISTRATIONS_PER_ADDRESS + 1 }, () => at(1)), MAX_REGISTRATIONS_PER_ADDRESS);
    expect(results.filter((r) => r.allowed)).toHaveLength(MAX_REGISTRATIONS_PER_ADDRESS);
  });
});
