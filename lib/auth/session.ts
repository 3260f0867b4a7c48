import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { getServerSession } from "next-auth";
import { decode } from "next-auth/jwt";
import { getDb } from "@/db/client";
import { loadActor, type Actor } from "./actor";
import { authOptions } from "./options";

/**
 * The signed-in person with their current roles, once per request. Roles are read fresh so a
 * revoked role takes effect at once; the session itself counts only while its server-side row
 * lives (the session callback in ./options.ts), so a signed-out cookie is nobody.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  // No session cookie, nobody: a signed-out page skips next-auth's request set-up (its URL and
  // CSRF token work, about half a millisecond) on every render.
  if (!(await cookies()).get(sessionCookieName())) return null;
  const session = await getServerSession(authOptions);
  if (!session?.personId) return null;
  return loadActor(getDb(), session.personId);
});

/** The session cookie's name: next-auth's, with the __Secure- prefix when cookies are Secure. */
const sessionCookieName = () => (authOptions.useSecureCookies ? "__Secure-next-auth.session-token" : "next-auth.session-token");

/**
 * The server-side session id inside the caller's session cookie, or null. Needed to end exactly
 * this session (sign-out) or to keep exactly this one (password change); never shown to anyone.
 */
export async function currentSessionId(): Promise<string | null> {
  const raw = (await cookies()).get(sessionCookieName())?.value;
  if (!raw) return null;
  try {
    const token = await decode({ token: raw, secret: authOptions.secret! });
    return typeof token?.sid === "string" ? token.sid : null;
  } catch {
    return null;
  }
}
