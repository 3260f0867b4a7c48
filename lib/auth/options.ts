import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { config } from "@/lib/config";
import { clientAddress } from "@/lib/security/client-address";
import { AppError } from "@/lib/errors";
import { verifyCredentials } from "./credentials";
import { publicOrigin } from "@/lib/security/public-origin";
import { authSecret } from "./secret";
import { endSession, personIdForSession, SESSION_SECONDS, startSession } from "./sessions";

// next-auth builds its callback and redirect URLs from NEXTAUTH_URL, or — with AUTH_TRUST_HOST —
// from the request's Host / X-Forwarded-Host, which the caller chooses. It gets the configured
// public origin instead (lib/security/public-origin.ts), and the request's host is never trusted.
process.env.NEXTAUTH_URL = publicOrigin();
delete process.env.AUTH_TRUST_HOST;

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: SESSION_SECONDS },
  // Session cookies are HttpOnly and SameSite=Lax (next-auth's defaults) and, in production,
  // Secure with the __Secure-/__Host- prefixes. Browsers accept Secure cookies from
  // http://localhost, so the two-command start still signs in; a trial on a LAN without HTTPS
  // may opt out with GRIDCOUNCIL_INSECURE_COOKIES=1 (see README).
  useSecureCookies: process.env.NODE_ENV === "production" && !config().insecureCookies,
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "phone",
      credentials: { phone: { type: "tel" }, password: { type: "password" } },
      async authorize(credentials, req) {
        try {
          const { personId } = await verifyCredentials(getDb(), credentials ?? {}, { address: clientAddress(req?.headers) });
          return { id: String(personId) };
        } catch (e) {
          // next-auth passes the thrown message to the sign-in form as `error`: send the i18n key.
          // A lock-out carries its minutes after a "|": "signInLocked|15".
          if (e instanceof AppError) throw new Error(e.params.minutes != null ? `${e.messageKey}|${e.params.minutes}` : e.messageKey);
          if (e instanceof ZodError) throw new Error(e.issues[0]?.message ?? "invalidCredentials");
          throw new Error("invalidCredentials");
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // Signing in starts a server-side session; the cookie carries its id (the JWT is encrypted).
      if (user) {
        token.personId = Number(user.id);
        token.sid = await startSession(getDb(), token.personId);
      }
      return token;
    },
    // The one place a session cookie becomes a person (currentActor and the API handler both come
    // through here): only while its session row lives. A cookie from before sign-out, from before
    // a password change, or without a session id is nobody.
    async session({ session, token }) {
      const personId = await personIdForSession(getDb(), token.sid);
      return { ...session, personId: personId != null && personId === token.personId ? personId : null };
    },
  },
  events: {
    // next-auth's own sign-out endpoint ends the session too (the header's button uses
    // app/_components/sign-out-action.ts).
    async signOut({ token }) {
      await endSession(getDb(), token?.sid);
    },
  },
};
