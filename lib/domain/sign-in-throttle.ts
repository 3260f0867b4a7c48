/**
 * Sign-in throttling rules, pure: given what is recorded for a key (a mobile number or a client
 * address) and the time, decide whether an attempt may go ahead and what to record after a
 * failure. The storage lives in lib/auth/throttle.ts.
 *
 * A mobile number is locked for LOCK_MINUTES after MAX_FAILURES_PER_PHONE wrong passwords inside
 * WINDOW_MINUTES — enough for a resident who mistypes a few times, too few to guess a password. A
 * client address gets a larger allowance, so one machine cannot try many numbers in turn.
 */
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;
export const MAX_FAILURES_PER_PHONE = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

const minute = 60_000;

export type ThrottleRecord = { failures: number; windowStartedAt: Date; lockedUntil: Date | null };

export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterMinutes: number };

/** May an attempt under this key go ahead now? */
export function checkThrottle(record: ThrottleRecord | null | undefined, now: Date): ThrottleCheck {
  if (!record?.lockedUntil || record.lockedUntil.getTime() <= now.getTime()) return { allowed: true };
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil((record.lockedUntil.getTime() - now.getTime()) / minute)) };
}

/** The record after one more failure: a new window once the old one is over, a lock at the limit. */
export function recordFailure(record: ThrottleRecord | null | undefined, now: Date, maxFailures: number): ThrottleRecord {
  const windowOver = !record || now.getTime() - record.windowStartedAt.getTime() >= WINDOW_MINUTES * minute;
  const lockOver = record?.lockedUntil != null && record.lockedUntil.getTime() <= now.getTime();
  const fresh = windowOver || lockOver;
  const failures = fresh ? 1 : record.failures + 1;
  const windowStartedAt = fresh ? now : record.windowStartedAt;
  const lockedUntil = failures >= maxFailures ? new Date(now.getTime() + LOCK_MINUTES * minute) : null;
  return { failures, windowStartedAt, lockedUntil };
}
