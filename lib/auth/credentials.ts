import { eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { people } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { signInInput } from "@/lib/validation/people";
import { checkAgainstDummy, checkPassword } from "./password";
import { beginSignInAttempt, noteFailedSignIn, noteSignedIn, withdrawSignInAttempt } from "./throttle";
import { first } from "@/db/query";

/** A person's current password hash: what a password was checked against, to see it still is. */
export const passwordHashOf = async (db: DB | Tx, personId: number) => (await first(db.select({ hash: people.passwordHash }).from(people).where(eq(people.id, personId))))?.hash;

/**
 * Checks a mobile number and password; the one path both the web sign-in and the API token use.
 * Failures are counted per (number, address), per address and per number (lib/auth/throttle.ts);
 * a refused attempt does not even check the password (429). Each attempt let through is counted
 * as a failure before its password is checked, so parallel guesses cannot all slip past the
 * limit while the checks run in the worker pool; a right password takes its count back.
 *
 * An unknown number and a wrong password take the same path and get the same answer, after the
 * same bcrypt work: neither the message nor its timing tells a stranger which numbers have an account.
 *
 * The caller starts its session or token right after this returns, with no I/O in between (next-auth
 * goes from authorize to the jwt callback through promises only), so the hash re-read below is
 * still the person's current one when the credential is made.
 */
export async function verifyCredentials(
  db: DB,
  raw: unknown,
  { address = null, now = new Date() }: { address?: string | null; now?: Date } = {},
): Promise<{ personId: number }> {
  const input = signInInput.parse(raw);
  const attempt = await beginSignInAttempt(db, input.phone, address, now);
  let person: { id: number; passwordHash: string | null } | undefined;
  let ok: boolean;
  try {
    person = await first(db
      .select({ id: people.id, passwordHash: people.passwordHash })
      .from(people)
      .where(eq(people.phone, input.phone)));
    // Someone imported from a register who has not activated yet has no password: they are
    // answered exactly like an unknown number.
    ok = person?.passwordHash != null ? await checkPassword(input.password, person.passwordHash) : await checkAgainstDummy(input.password);
  } catch (e) {
    // No answer about the password was given: the attempt is not held against the number.
    await withdrawSignInAttempt(db, attempt);
    throw e;
  }
  // The check ran in a worker: a password change may have committed meanwhile (ending every
  // session but its own). A check against the old hash must not start a session after that.
  const stale = person != null && ok && await passwordHashOf(db, person.id) !== person.passwordHash;
  if (!person || person.passwordHash == null || !ok || stale) {
    await noteFailedSignIn(db, attempt);
    throw new AppError("unauthenticated", "invalidCredentials", {}, { password: "invalidCredentials" });
  }
  await noteSignedIn(db, attempt);
  return { personId: person.id };
}
