import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { clientAddress } from "@/lib/api/client-address";
import { AppError } from "@/lib/errors";
import { verifyCredentials } from "./credentials";
import { authSecret } from "./secret";

// Behind the two-command start there is no NEXTAUTH_URL: take the origin from the request.
process.env.AUTH_TRUST_HOST ??= "true";

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  // Session cookies are HttpOnly and SameSite=Lax (next-auth's defaults) and, in production,
  // Secure with the __Secure-/__Host- prefixes. Browsers accept Secure cookies from
  // http://localhost, so the two-command start still signs in; a trial on a LAN without HTTPS
  // may opt out with GRIDCOUNCIL_INSECURE_COOKIES=1 (see README).
  useSecureCookies: process.env.NODE_ENV === "production" && process.env.GRIDCOUNCIL_INSECURE_COOKIES !== "1",
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
    jwt({ token, user }) {
      if (user) token.personId = Number(user.id);
      return token;
    },
    session({ session, token }) {
      return { ...session, personId: token.personId as number };
    },
  },
};
