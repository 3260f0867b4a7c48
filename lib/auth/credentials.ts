import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { people } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { signInInput } from "@/lib/validation/people";
import { checkAgainstDummy, checkPassword } from "./password";
import { assertSignInAllowed, noteFailedSignIn, noteSignedIn } from "./throttle";

/**
 * Checks a mobile number and password; the one path both the web sign-in and the API token use.
 * Failures are counted per (number, address), per address and per number (lib/auth/throttle.ts);
 * a refused attempt does not even check the password (429).
 *
 * An unknown number and a wrong password get the same answer, after the same bcrypt work: neither
 * the message nor its timing tells a stranger which numbers have an account.
 */
export async function verifyCredentials(
  db: DB,
  raw: unknown,
  { address = null, now = new Date() }: { address?: string | null; now?: Date } = {},
): Promise<{ personId: number }> {
  const input = signInInput.parse(raw);
  assertSignInAllowed(db, input.phone, address, now);
  const person = db
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(eq(people.phone, input.phone))
    .get();
  const ok = person ? await checkPassword(input.password, person.passwordHash) : await checkAgainstDummy(input.password);
  if (!person || !ok) {
    noteFailedSignIn(db, input.phone, address, now);
    throw new AppError("unauthenticated", "invalidCredentials", {}, { password: "invalidCredentials" });
  }
  noteSignedIn(db, input.phone, address, now);
  return { personId: person.id };
}
