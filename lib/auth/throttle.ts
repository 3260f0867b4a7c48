import { eq, inArray } from "drizzle-orm";
import type { DB } from "@/db/client";
import { signInFailures } from "@/db/schema";
import { checkThrottle, MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_PHONE, recordFailure } from "@/lib/domain/sign-in-throttle";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";

export const phoneKey = (phone: string) => `phone:${phone}`;
export const addressKey = (address: string) => `ip:${address}`;

function keysOf(phone: string, address: string | null | undefined) {
  return [{ key: phoneKey(phone), max: MAX_FAILURES_PER_PHONE }, ...(address ? [{ key: addressKey(address), max: MAX_FAILURES_PER_ADDRESS }] : [])];
}

/** Refuses (429) while the mobile number or the client address is locked out. */
export function assertNotLockedOut(db: DB, phone: string, address: string | null | undefined, now: Date): void {
  const keys = keysOf(phone, address).map((k) => k.key);
  const rows = db.select().from(signInFailures).where(inArray(signInFailures.key, keys)).all();
  for (const row of rows) {
    const check = checkThrottle(row, now);
    if (!check.allowed) throw new AppError("too_many_requests", "signInLocked", { minutes: check.retryAfterMinutes });
  }
}

/** Counts one failed sign-in against the number and the address, in one transaction. */
export function noteFailedSignIn(db: DB, phone: string, address: string | null | undefined, now: Date): void {
  db.transaction((tx) => {
    for (const { key, max } of keysOf(phone, address)) {
      const current = tx.select().from(signInFailures).where(eq(signInFailures.key, key)).get();
      const next = recordFailure(current, now, max);
      tx.insert(signInFailures)
        .values({ key, ...next })
        .onConflictDoUpdate({ target: signInFailures.key, set: next })
        .run();
      if (next.lockedUntil) {
        // Locked keys are refused before a password is checked, so this is the moment a lock begins.
        recordEvent(tx, { actorId: null, kind: "signIn.lockedOut", subjectType: "signIn", subjectId: null, data: { key } });
      }
    }
  });
}

/** A correct password clears the number's count (the address's count runs out by itself). */
export function clearFailedSignIns(db: DB, phone: string): void {
  db.delete(signInFailures).where(eq(signInFailures.key, phoneKey(phone))).run();
}
