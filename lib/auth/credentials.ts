import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { people } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { signInInput } from "@/lib/validation/people";
import { checkAgainstDummy, checkPassword } from "./password";
import { beginSignInAttempt, noteFailedSignIn, noteSignedIn, withdrawSignInAttempt } from "./throttle";

/**
 * Checks a mobile number and password; the one path both the web sign-in and the API token use.
 * Failures are counted per (number, address), per address and per number (lib/auth/throttle.ts);
 * a refused attempt does not even check the password (429). Each attempt let through is counted
 * as a failure before its password is checked, so parallel guesses cannot all slip past the
 * limit while the checks run in the worker pool; a right password takes its count back.
 *
 * An unknown number and a wrong password take the same path and get the same answer, after the
 * same bcrypt work: neither the message nor its timing tells a stranger which numbers have an account.
 */
export async function verifyCredentials(
  db: DB,
  raw: unknown,
  { address = null, now = new Date() }: { address?: string | null; now?: Date } = {},
): Promise<{ personId: number }> {
  const input = signInInput.parse(raw);
  const attempt = beginSignInAttempt(db, input.phone, address, now);
  let person: { id: number; passwordHash: string } | undefined;
  let ok: boolean;
  try {
    person = db
      .select({ id: people.id, passwordHash: people.passwordHash })
      .from(people)
      .where(eq(people.phone, input.phone))
      .get();
    ok = person ? await checkPassword(input.password, person.passwordHash) : await checkAgainstDummy(input.password);
  } catch (e) {
    // No answer about the password was given: the attempt is not held against the number.
    withdrawSignInAttempt(db, attempt);
    throw e;
  }
  if (!person || !ok) {
    noteFailedSignIn(db, attempt);
    throw new AppError("unauthenticated", "invalidCredentials", {}, { password: "invalidCredentials" });
  }
  noteSignedIn(db, attempt);
  return { personId: person.id };
}
