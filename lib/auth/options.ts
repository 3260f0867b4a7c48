import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { verifyCredentials } from "./credentials";
import { authSecret } from "./secret";

// Behind the two-command start there is no NEXTAUTH_URL: take the origin from the request.
process.env.AUTH_TRUST_HOST ??= "true";

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "phone",
      credentials: { phone: { type: "tel" }, password: { type: "password" } },
      async authorize(credentials) {
        try {
          const { personId } = await verifyCredentials(getDb(), credentials ?? {});
          return { id: String(personId) };
        } catch (e) {
          // next-auth passes the thrown message to the sign-in form as `error`: send the i18n key.
          if (e instanceof AppError) throw new Error(e.messageKey);
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
