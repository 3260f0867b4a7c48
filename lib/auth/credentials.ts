import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { people } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { signInInput } from "@/lib/validation/people";
import { checkPassword } from "./password";
import { assertNotLockedOut, clearFailedSignIns, noteFailedSignIn } from "./throttle";

/**
 * Checks a mobile number and password; the one path both the web sign-in and the API token use.
 * Failures are counted per number and per client address; while either is locked out the
 * password is not even checked (429).
 */
export async function verifyCredentials(
  db: DB,
  raw: unknown,
  { address = null, now = new Date() }: { address?: string | null; now?: Date } = {},
): Promise<{ personId: number }> {
  const input = signInInput.parse(raw);
  assertNotLockedOut(db, input.phone, address, now);
  const person = db
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(eq(people.phone, input.phone))
    .get();
  if (!person) {
    noteFailedSignIn(db, input.phone, address, now);
    throw new AppError("unauthenticated", "unknownPhone", {}, { phone: "unknownPhone" });
  }
  if (!(await checkPassword(input.password, person.passwordHash))) {
    noteFailedSignIn(db, input.phone, address, now);
    throw new AppError("unauthenticated", "wrongPassword", {}, { password: "wrongPassword" });
  }
  clearFailedSignIns(db, input.phone);
  return { personId: person.id };
}
