import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { people } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { signInInput } from "@/lib/validation/people";
import { checkPassword } from "./password";

/** Checks a mobile number and password; the one path both the web sign-in and the API token use. */
export async function verifyCredentials(db: DB, raw: unknown): Promise<{ personId: number }> {
  const input = signInInput.parse(raw);
  const person = db
    .select({ id: people.id, passwordHash: people.passwordHash })
    .from(people)
    .where(eq(people.phone, input.phone))
    .get();
  if (!person) throw new AppError("unauthenticated", "unknownPhone", {}, { phone: "unknownPhone" });
  if (!(await checkPassword(input.password, person.passwordHash))) {
    throw new AppError("unauthenticated", "wrongPassword", {}, { password: "wrongPassword" });
  }
  return { personId: person.id };
}
