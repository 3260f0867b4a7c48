import { and, eq, isNull, ne } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { activationCodes, people, signInFailures } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { putThrottleRecord } from "@/lib/auth/throttle";
import type { Ctx } from "@/lib/context";
import { ACTIVATION_WINDOW_MINUTES, activationCodeState, MAX_ACTIVATIONS_PER_ADDRESS, MAX_ACTIVATIONS_PER_PHONE, type CodeState } from "@/lib/domain/activation-code";
import { weakPasswordReason } from "@/lib/domain/password-strength";
import { countAttempt } from "@/lib/domain/sign-in-throttle";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { activateInput } from "@/lib/validation/activation";
import { hashActivationCode } from "./codes";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type Activated = { personId: number; phone: string };

/**
 * Counts the attempt against the client address and the mobile number, or refuses it (429) when
 * either has had its share this hour. Every attempt counts, right or wrong, before anything is
 * looked up: a code is tried once when it works, so only guessing ever reaches the limit.
 */
async function countActivation(db: DB, phone: string, address: string | null, now: Date): Promise<void> {
  const limits = [{ key: `activate-phone:${phone}`, max: MAX_ACTIVATIONS_PER_PHONE }, ...(address ? [{ key: `activate-ip:${address}`, max: MAX_ACTIVATIONS_PER_ADDRESS }] : [])];
  await unitOfWork(db, async (tx) => {
    const counts = (await Promise.all(limits.map(async ({ key, max }) => ({ key, count: countAttempt(await first(tx.select().from(signInFailures).where(eq(signInFailures.key, key))), now, max, ACTIVATION_WINDOW_MINUTES) }))));
    for (const { count } of counts) if (!count.allowed) throw new AppError("too_many_requests", "activationThrottled", { minutes: count.retryAfterMinutes });
    for (const { key, count } of counts) if (count.allowed) await putThrottleRecord(tx, key, count.next);
  });
}

/** A wrong code, a code of somebody else, a number that is not the code's: one answer, so a letter or a number alone teaches nothing. */
const wrongCode = () => invalid("activationCodeWrong", { code: "activationCodeWrong" });

/** What the code's own person is told once code and number match. */
function refusalFor(state: Exclude<CodeState, "usable">): AppError {
  if (state === "expired") return invalid("activationCodeExpired", { code: "activationCodeExpired" });
  if (state === "revoked") return invalid("activationCodeReplaced", { code: "activationCodeReplaced" });
  return new AppError("conflict", "activationCodeUsed", {}, { code: "activationCodeUsed" });
}

type Found = { id: number; personId: number; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null; phone: string; passwordHash: string | null };

async function findCode(db: DB | Tx, codeHash: string): Promise<Found | undefined> {
  return await first(db
    .select({ id: activationCodes.id, personId: activationCodes.personId, expiresAt: activationCodes.expiresAt, usedAt: activationCodes.usedAt, revokedAt: activationCodes.revokedAt, phone: people.phone, passwordHash: people.passwordHash })
    .from(activationCodes)
    .innerJoin(people, eq(activationCodes.personId, people.id))
    .where(eq(activationCodes.codeHash, codeHash)));
}

/** The state of a found code for its person: a person who already has a password has nothing left to activate. */
const stateOf = (c: Found, now: Date): CodeState => (c.passwordHash != null && !c.usedAt ? "used" : activationCodeState(c, now));

/**
 * Someone imported from a register activates their account with the code from their household's
 * letter and their own mobile number, choosing a password. Public: there is nobody signed in yet.
 * The code must be the person's, unused, not replaced by a newer letter and not expired. The code
 * is then used, the person's other codes revoked, and they sign in as anyone does.
 * `address` is the client's (lib/security/client-address.ts), null when it cannot be told.
 */
export async function activate(ctx: Ctx, raw: unknown, { address = null, now = new Date() }: { address?: string | null; now?: Date } = {}): Promise<Activated> {
  const input = activateInput.parse(raw);
  const { db } = ctx;
  await countActivation(db, input.phone, address, now);
  if (weakPasswordReason(input.password, { phone: input.phone })) throw invalid("passwordTooWeak", { password: "passwordTooWeak" });

  const codeHash = hashActivationCode(input.code);
  const found = await findCode(db, codeHash);
  if (!found || found.phone !== input.phone) throw wrongCode();
  const state = stateOf(found, now);
  if (state !== "usable") throw refusalFor(state);

  // Hash before the transaction: better-sqlite3 transactions must stay synchronous.
  const passwordHash = await hashPassword(input.password);

  return await unitOfWork(db, async (tx) => {
    // Checked again: the same letter may have been used on another phone while this one hashed.
    const again = await findCode(tx, codeHash);
    if (!again || again.phone !== input.phone) throw wrongCode();
    const stateNow = stateOf(again, now);
    if (stateNow !== "usable") throw refusalFor(stateNow);
    await tx.update(people).set({ passwordHash }).where(and(eq(people.id, again.personId), isNull(people.passwordHash)));
    await tx.update(activationCodes).set({ usedAt: now }).where(eq(activationCodes.id, again.id));
    await tx.update(activationCodes)
      .set({ revokedAt: now })
      .where(and(eq(activationCodes.personId, again.personId), ne(activationCodes.id, again.id), isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt)));
    await recordEvent(tx, { actorId: again.personId, kind: "person.activated", subjectType: "person", subjectId: again.personId, data: { activationCodeId: again.id } });
    return { personId: again.personId, phone: again.phone };
  });
}
