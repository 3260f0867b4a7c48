import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    /** Null when the cookie's server-side session has ended (signed out, password changed). */
    personId: number | null;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    personId?: number;
    /** The server-side session's id (lib/auth/sessions.ts); the row holds only its hash. */
    sid?: string;
  }
}
