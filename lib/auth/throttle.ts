import { eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { signInFailures } from "@/db/schema";
import {
  FREE_FAILURES_PER_PHONE,
  gateSignIn,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_PAIR,
  recordFailure,
  recordPhoneFailure,
  type ThrottleRecord,
  withdrawFailure,
} from "@/lib/domain/sign-in-throttle";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

// Keys of the sign_in_failures rows (the rules are in lib/domain/sign-in-throttle.ts). An unknown
// address (none could be told: see lib/security/client-address.ts) has no pair and no address row: a
// key everyone shared would be a lock anyone could pull on a resident.
/** Also how the admin's person history finds the slow-downs on a number (lib/admin/person-history.ts). */
export const phoneKey = (phone: string) => `phone:${phone}`;
const addressKey = (address: string) => `ip:${address}`;
const pairKey = (phone: string, address: string) => `pair:${phone}@${address}`;
/** A row whose windowStartedAt is the last time the number signed in from the address. */
const knownKey = (phone: string, address: string) => `known:${phone}@${address}`;

/** Writes the record kept under a key (sign-in here, registration in lib/people/register.ts). */
export async function putThrottleRecord(tx: Tx, key: string, record: ThrottleRecord): Promise<void> {
  await tx.insert(signInFailures).values({ key, ...record }).onConflictDoUpdate({ target: signInFailures.key, set: record });
}

type Counted = { key: string; before: ThrottleRecord | undefined; after: ThrottleRecord; limit: number; began: boolean };

/** An attempt let through and already counted as a failure; settled by noteFailedSignIn or noteSignedIn. */
export type SignInAttempt = { phone: string; address: string | null; at: Date; counted: Counted[] };

/**
 * Lets a sign-in attempt through or refuses it (429), and counts it as a failure at once, in one
 * synchronous transaction: the password check that follows runs in a worker, and parallel attempts
 * must each see the ones before them. Refused: the (number, address) pair or the address is
 * locked, or the number is slowed down and the address is not one it signed in from before; the
 * password is then not checked, and nothing is counted.
 */
export async function beginSignInAttempt(db: DB, phone: string, address: string | null | undefined, now: Date): Promise<SignInAttempt> {
  const addr = address || null;
  const limits = [
    ...(addr
      ? [
          { key: pairKey(phone, addr), limit: MAX_FAILURES_PER_PAIR, next: (r: ThrottleRecord | undefined) => recordFailure(r, now, MAX_FAILURES_PER_PAIR) },
          { key: addressKey(addr), limit: MAX_FAILURES_PER_ADDRESS, next: (r: ThrottleRecord | undefined) => recordFailure(r, now, MAX_FAILURES_PER_ADDRESS) },
        ]
      : []),
    { key: phoneKey(phone), limit: FREE_FAILURES_PER_PHONE, next: (r: ThrottleRecord | undefined) => recordPhoneFailure(r, now) },
  ];
  return await unitOfWork(db, async (tx) => {
    const keys = [...limits.map((l) => l.key), ...(addr ? [knownKey(phone, addr)] : [])];
    const rows = new Map((await tx.select().from(signInFailures).where(inArray(signInFailures.key, keys))).map((r) => [r.key, r]));
    const gate = gateSignIn(
      {
        pair: addr ? rows.get(pairKey(phone, addr)) : null,
        address: addr ? rows.get(addressKey(addr)) : null,
        phone: rows.get(phoneKey(phone)),
        knownSince: addr ? rows.get(knownKey(phone, addr))?.windowStartedAt : null,
      },
      now,
    );
    if (!gate.allowed) {
      throw new AppError("too_many_requests", gate.reason === "locked" ? "signInLocked" : "signInSlowed", { minutes: gate.retryAfterMinutes });
    }
    const counted = (await Promise.all(limits.map(async ({ key, limit, next }): Promise<Counted> => {
      const before = rows.get(key);
      const after = next(before);
      await putThrottleRecord(tx, key, after);
      // Locked or slowed keys are refused above, so this is the moment a lock or a slow-down would begin.
      const began = key === phoneKey(phone) ? after.failures === FREE_FAILURES_PER_PHONE : after.lockedUntil != null;
      return { key, before, after, limit, began };
    })));
    return { phone, address: addr, at: now, counted };
  });
}

/** The password was wrong (or the number unknown): the failure stands; a lock or slow-down it began is recorded. */
export async function noteFailedSignIn(db: DB, attempt: SignInAttempt): Promise<void> {
  const began = attempt.counted.filter((c) => c.began);
  if (!began.length) return;
  await unitOfWork(db, async (tx) => {
    for (const { key } of began) {
      const kind = key === phoneKey(attempt.phone) ? "signIn.slowedDown" : "signIn.lockedOut";
      await recordEvent(tx, { actorId: null, kind, subjectType: "signIn", subjectId: null, data: { key } });
    }
  });
}

async function withdraw(tx: Tx, counted: Counted[], at: Date): Promise<void> {
  for (const c of counted) {
    const current = await first(tx.select().from(signInFailures).where(eq(signInFailures.key, c.key)));
    const next = withdrawFailure(current, { before: c.before, after: c.after, countedAt: at }, c.limit);
    if (!next) await tx.delete(signInFailures).where(eq(signInFailures.key, c.key));
    else if (next !== current) await putThrottleRecord(tx, c.key, next);
  }
}

/** The attempt ended without an answer (the check itself failed): it is not held against anyone. */
export async function withdrawSignInAttempt(db: DB, attempt: SignInAttempt): Promise<void> {
  await unitOfWork(db, async (tx) => withdraw(tx, attempt.counted, attempt.at));
}

/**
 * A right password takes back the failure its attempt was counted as, clears the pair's count and
 * remembers the address as the number's own. The number's earlier failures are left to run out:
 * someone guessing from elsewhere must not get a fresh allowance each time the owner signs in.
 */
export async function noteSignedIn(db: DB, attempt: SignInAttempt): Promise<void> {
  const { phone, address, at } = attempt;
  await unitOfWork(db, async (tx) => {
    await withdraw(tx, attempt.counted, at);
    if (!address) return;
    await tx.delete(signInFailures).where(eq(signInFailures.key, pairKey(phone, address)));
    await putThrottleRecord(tx, knownKey(phone, address), { failures: 0, windowStartedAt: at, lockedUntil: null });
  });
}
