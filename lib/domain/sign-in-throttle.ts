/**
 * Throttling rules for signing in and registering, pure: given what is recorded under a key and
 * the time, decide whether an attempt may go ahead and what to record after it. The storage lives
 * in lib/auth/throttle.ts (sign-in) and lib/people/register.ts (registration).
 *
 * Signing in is counted three ways, so that nobody can lock a resident out of their own account:
 * - per (number, address): MAX_FAILURES_PER_PAIR wrong passwords inside WINDOW_MINUTES lock that
 *   pair for LOCK_MINUTES — the guesser stops, the owner at home is not affected;
 * - per address: MAX_FAILURES_PER_ADDRESS, so one machine cannot try many numbers in turn;
 * - per number, across all addresses: after FREE_FAILURES_PER_PHONE the number is slowed down, a
 *   wait that doubles with each further failure up to MAX_DELAY_MINUTES, never a lock. Addresses
 *   the number signed in from before (KNOWN_ADDRESS_DAYS) are not slowed: the owner gets in.
 *
 * When the client's address cannot be told (null: see lib/security/client-address.ts) there is no pair
 * and no address to count: only the number's slow-down applies. An unknown address shared by
 * everyone must not become one lock everyone can pull.
 *
 * An attempt is counted as a failure when it is let through, before its password is checked (the
 * check runs in a worker, so parallel attempts would otherwise all pass the gate before any was
 * counted); a right password then takes its failure back (withdrawFailure).
 */
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;
export const MAX_FAILURES_PER_PAIR = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const FREE_FAILURES_PER_PHONE = 5;
/** A number's failures are counted over a day, longer than its longest wait, so waiting out a delay does not start the count again. */
export const PHONE_WINDOW_HOURS = 24;
export const FIRST_DELAY_SECONDS = 30;
export const MAX_DELAY_MINUTES = 15;
export const KNOWN_ADDRESS_DAYS = 30;

const second = 1000;
const minute = 60 * second;

export type ThrottleRecord = { failures: number; windowStartedAt: Date; lockedUntil: Date | null };

export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterMinutes: number };

/** May an attempt under this key go ahead now? (A lock and a slow-down both end at lockedUntil.) */
export function checkThrottle(record: ThrottleRecord | null | undefined, now: Date): ThrottleCheck {
  if (!record?.lockedUntil || record.lockedUntil.getTime() <= now.getTime()) return { allowed: true };
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil((record.lockedUntil.getTime() - now.getTime()) / minute)) };
}

/** The record of a (number, address) pair or an address after one more failure: a new window once the old one (or its lock) is over, a lock at the limit. */
export function recordFailure(record: ThrottleRecord | null | undefined, now: Date, maxFailures: number): ThrottleRecord {
  const windowOver = !record || now.getTime() - record.windowStartedAt.getTime() >= WINDOW_MINUTES * minute;
  const lockOver = record?.lockedUntil != null && record.lockedUntil.getTime() <= now.getTime();
  const fresh = windowOver || lockOver;
  const failures = fresh ? 1 : record.failures + 1;
  const windowStartedAt = fresh ? now : record.windowStartedAt;
  const lockedUntil = failures >= maxFailures ? new Date(now.getTime() + LOCK_MINUTES * minute) : null;
  return { failures, windowStartedAt, lockedUntil };
}

const sameRecord = (a: ThrottleRecord, b: ThrottleRecord) =>
  a.failures === b.failures && a.windowStartedAt.getTime() === b.windowStartedAt.getTime() && (a.lockedUntil?.getTime() ?? null) === (b.lockedUntil?.getTime() ?? null);

/**
 * Takes back one failure that was counted (`before` → `after`, at `countedAt`) for an attempt
 * whose password turned out right. A record nobody counted on since goes back to `before`; one
 * whose window began after the attempt no longer holds it and stays; otherwise it holds one
 * failure fewer, and keeps its lock or wait only while the rest still reach `limit`
 * (MAX_FAILURES_PER_PAIR / _ADDRESS, or FREE_FAILURES_PER_PHONE). Null: no record is left.
 */
export function withdrawFailure(
  current: ThrottleRecord | null | undefined,
  counted: { before: ThrottleRecord | null | undefined; after: ThrottleRecord; countedAt: Date },
  limit: number,
): ThrottleRecord | null {
  if (!current) return null;
  if (sameRecord(current, counted.after)) return counted.before ?? null;
  if (current.windowStartedAt.getTime() > counted.countedAt.getTime()) return current;
  const failures = current.failures - 1;
  if (failures <= 0) return null;
  return { failures, windowStartedAt: current.windowStartedAt, lockedUntil: failures >= limit ? current.lockedUntil : null };
}

/** How long a number waits after its n-th failure of the day: nothing at first, then doubling, capped. */
export function phoneDelayMs(failures: number): number {
  if (failures < FREE_FAILURES_PER_PHONE) return 0;
  const doublings = Math.min(failures - FREE_FAILURES_PER_PHONE, 30);
  return Math.min(FIRST_DELAY_SECONDS * second * 2 ** doublings, MAX_DELAY_MINUTES * minute);
}

/** A number's record after one more failure from anywhere: a growing wait, never a lock. */
export function recordPhoneFailure(record: ThrottleRecord | null | undefined, now: Date): ThrottleRecord {
  const windowOver = !record || now.getTime() - record.windowStartedAt.getTime() >= PHONE_WINDOW_HOURS * 60 * minute;
  const failures = windowOver ? 1 : record.failures + 1;
  const windowStartedAt = windowOver ? now : record.windowStartedAt;
  const delay = phoneDelayMs(failures);
  return { failures, windowStartedAt, lockedUntil: delay ? new Date(now.getTime() + delay) : null };
}

/** Did the number sign in from this address recently enough for it to count as the owner's own? */
export function isKnownAddress(signedInAt: Date | null | undefined, now: Date): boolean {
  return signedInAt != null && now.getTime() - signedInAt.getTime() < KNOWN_ADDRESS_DAYS * 24 * 60 * minute;
}

export type SignInRecords = {
  pair?: ThrottleRecord | null;
  address?: ThrottleRecord | null;
  phone?: ThrottleRecord | null;
  /** When the number last signed in from this address; null if never (or the address is unknown). */
  knownSince?: Date | null;
};

export type SignInGate = { allowed: true } | { allowed: false; reason: "locked" | "slowed"; retryAfterMinutes: number };

/**
 * May this sign-in attempt have its password checked? A locked pair or address is refused; a
 * slowed number is refused only from an address it has not signed in from before.
 */
export function gateSignIn(records: SignInRecords, now: Date): SignInGate {
  for (const record of [records.pair, records.address]) {
    const check = checkThrottle(record, now);
    if (!check.allowed) return { allowed: false, reason: "locked", retryAfterMinutes: check.retryAfterMinutes };
  }
  if (!isKnownAddress(records.knownSince, now)) {
    const check = checkThrottle(records.phone, now);
    if (!check.allowed) return { allowed: false, reason: "slowed", retryAfterMinutes: check.retryAfterMinutes };
  }
  return { allowed: true };
}

// ── Registration

/**
 * Registrations per client address and per mobile number in REGISTRATION_WINDOW_MINUTES. Every
 * attempt counts (a registration costs a password hash and a pending account staff must review);
 * an address gets room for a community centre helping residents on one tablet.
 */
export const REGISTRATION_WINDOW_MINUTES = 60;
export const MAX_REGISTRATIONS_PER_ADDRESS = 30;
export const MAX_REGISTRATIONS_PER_PHONE = 5;

export type AttemptCount = { allowed: true; next: ThrottleRecord } | { allowed: false; retryAfterMinutes: number };

/** Counts one more attempt in a fixed window, or refuses it when the window already holds `max`. */
export function countAttempt(record: ThrottleRecord | null | undefined, now: Date, max: number, windowMinutes: number): AttemptCount {
  const windowMs = windowMinutes * minute;
  const windowOver = !record || now.getTime() - record.windowStartedAt.getTime() >= windowMs;
  if (windowOver) return { allowed: true, next: { failures: 1, windowStartedAt: now, lockedUntil: null } };
  if (record.failures >= max) {
    const ends = record.windowStartedAt.getTime() + windowMs;
    return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil((ends - now.getTime()) / minute)) };
  }
  return { allowed: true, next: { failures: record.failures + 1, windowStartedAt: record.windowStartedAt, lockedUntil: null } };
}
