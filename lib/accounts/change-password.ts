import { eq } from "drizzle-orm";
import { people } from "@/db/schema";
import { passwordHashOf, verifyCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { endOtherSessions } from "@/lib/auth/sessions";
import { revokeOtherApiTokens } from "@/lib/auth/tokens";
import type { ActorCtx } from "@/lib/context";
import { weakPasswordReason } from "@/lib/domain/password-strength";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { changePasswordInput } from "@/lib/validation/people";
import { unitOfWork } from "@/db/unit-of-work";

/** The credential the change is made with: it stays valid, every other one of the person ends. */
export type CallerCredential = {
  /** The web session's id (from the session cookie), when changed on the account page. */
  sessionId?: string | null;
  /** The bearer token, when changed through the API. */
  token?: string | null;
  /** The client's address, for the sign-in throttle the current password is checked under. */
  address?: string | null;
};

export type PasswordChanged = { endedSessions: number; revokedTokens: number };

/**
 * A signed-in person changes their own password. The current password is checked through the
 * sign-in path, so guesses made with a stolen session count towards the same throttle as sign-in
 * guesses. Whoever may have learnt the old password — or copied a cookie or a token — is shut out:
 * every other session and every other API token of the person ends in the same transaction as
 * the new hash is stored. The session (or token) making the change stays signed in.
 */
export async function changePassword(ctx: ActorCtx, raw: unknown, caller: CallerCredential = {}): Promise<PasswordChanged> {
  const input = changePasswordInput.parse(raw);
  const { db, actor } = ctx;
  if (weakPasswordReason(input.newPassword, { phone: actor.phone })) throw invalid("passwordTooWeak", { newPassword: "passwordTooWeak" });

  // The hash the current password is checked against (verifyCredentials reads the same one, in
  // the same tick, and makes sure it still holds when its check ends).
  const checked = await passwordHashOf(db, actor.personId);
  try {
    await verifyCredentials(db, { phone: actor.phone, password: input.currentPassword }, { address: caller.address ?? null });
  } catch (e) {
    // A wrong current password is a mistake in the form, not a sign-out; a throttle refusal (429) stays one.
    if (e instanceof AppError && e.code === "unauthenticated") throw invalid("currentPasswordWrong", { currentPassword: "currentPasswordWrong" });
    throw e;
  }
  // Hash before the transaction: better-sqlite3 transactions must stay synchronous.
  const passwordHash = await hashPassword(input.newPassword);

  return await unitOfWork(db, async (tx) => {
    // Another change committed while this one hashed (say the owner's and a cookie thief's, both
    // knowing the old password): the password checked is no longer current, so this one loses.
    if (await passwordHashOf(tx, actor.personId) !== checked) throw invalid("currentPasswordWrong", { currentPassword: "currentPasswordWrong" });
    await tx.update(people).set({ passwordHash }).where(eq(people.id, actor.personId));
    const endedSessions = await endOtherSessions(tx, actor.personId, caller.sessionId);
    const revokedTokens = await revokeOtherApiTokens(tx, actor.personId, caller.token);
    await recordEvent(tx, { actorId: actor.personId, kind: "person.passwordChanged", subjectType: "person", subjectId: actor.personId, data: { endedSessions, revokedTokens } });
    return { endedSessions, revokedTokens };
  });
}
