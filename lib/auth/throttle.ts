import { eq, inArray } from "drizzle-orm";
import type { DB } from "@/db/client";
import { signInFailures } from "@/db/schema";
import {
  FREE_FAILURES_PER_PHONE,
  gateSignIn,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PAIR,
  recordFailure,
  recordPhoneFailure,
  type ThrottleRecord,
} from "@/lib/domain/sign-in-throttle";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";

// Keys of the sign_in_failures rows (the rules are in lib/domain/sign-in-throttle.ts). An unknown
// address (none could be told: see lib/api/client-address.ts) is a pair of its own, "?".
export const phoneKey = (phone: string) => `phone:${phone}`;
export const addressKey = (address: string) => `ip:${address}`;
export const pairKey = (phone: string, address: string | null | undefined) => `pair:${phone}@${address ?? "?"}`;
/** A row whose windowStartedAt is the last time the number signed in from the address. */
export const knownKey = (phone: string, address: string) => `known:${phone}@${address}`;

/**
 * Refuses (429) an attempt whose (number, address) pair or address is locked, or whose number is
 * slowed down and the address is not one it signed in from before. The password is not checked.
 */
export function assertSignInAllowed(db: DB, phone: string, address: string | null | undefined, now: Date): void {
  const keys = [pairKey(phone, address), phoneKey(phone), ...(address ? [addressKey(address), knownKey(phone, address)] : [])];
  const rows = new Map(db.select().from(signInFailures).where(inArray(signInFailures.key, keys)).all().map((r) => [r.key, r]));
  const gate = gateSignIn(
    {
      pair: rows.get(pairKey(phone, address)),
      address: address ? rows.get(addressKey(address)) : null,
      phone: rows.get(phoneKey(phone)),
      knownSince: address ? rows.get(knownKey(phone, address))?.windowStartedAt : null,
    },
    now,
  );
  if (!gate.allowed) {
    throw new AppError("too_many_requests", gate.reason === "locked" ? "signInLocked" : "signInSlowed", { minutes: gate.retryAfterMinutes });
  }
}

/** Counts one failed sign-in against the pair, the address and the number, in one transaction. */
export function noteFailedSignIn(db: DB, phone: string, address: string | null | undefined, now: Date): void {
  const counts: { key: string; next: (r: ThrottleRecord | undefined) => ThrottleRecord }[] = [
    { key: pairKey(phone, address), next: (r) => recordFailure(r, now, MAX_FAILURES_PER_PAIR) },
    ...(address ? [{ key: addressKey(address), next: (r: ThrottleRecord | undefined) => recordFailure(r, now, MAX_FAILURES_PER_ADDRESS) }] : []),
    { key: phoneKey(phone), next: (r) => recordPhoneFailure(r, now) },
  ];
  db.transaction((tx) => {
    for (const { key, next } of counts) {
      const current = tx.select().from(signInFailures).where(eq(signInFailures.key, key)).get();
      const record = next(current);
      tx.insert(signInFailures)
        .values({ key, ...record })
        .onConflictDoUpdate({ target: signInFailures.key, set: record })
        .run();
      // Refused attempts are not counted, so these are the moments a lock or a slow-down begins.
      if (key === phoneKey(phone) ? record.failures === FREE_FAILURES_PER_PHONE : record.lockedUntil) {
        const kind = key === phoneKey(phone) ? "signIn.slowedDown" : "signIn.lockedOut";
        recordEvent(tx, { actorId: null, kind, subjectType: "signIn", subjectId: null, data: { key } });
      }
    }
  });
}

/**
 * A right password clears the pair's count and remembers the address as the number's own. The
 * number's own count is left to run out: someone guessing from elsewhere must not get a fresh
 * allowance each time the owner signs in.
 */
export function noteSignedIn(db: DB, phone: string, address: string | null | undefined, now: Date): void {
  db.transaction((tx) => {
    tx.delete(signInFailures).where(eq(signInFailures.key, pairKey(phone, address))).run();
    if (!address) return;
    const known = { failures: 0, windowStartedAt: now, lockedUntil: null };
    tx.insert(signInFailures)
      .values({ key: knownKey(phone, address), ...known })
      .onConflictDoUpdate({ target: signInFailures.key, set: known })
      .run();
  });
}
