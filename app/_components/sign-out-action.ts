"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { endSession } from "@/lib/auth/sessions";
import { currentSessionId } from "@/lib/auth/session";

/**
 * Signs out: ends this session on the server (a copy of the cookie is worth nothing from now on),
 * then drops the cookie. Done on the server, the header needs no next-auth client code (about
 * 12 kB of script on every page). A __Secure- cookie can only be cleared by a Secure Set-Cookie,
 * so both names are cleared with the attributes they were set with.
 */
export async function signOutAction(): Promise<void> {
  await endSession(getDb(), await currentSessionId());
  const jar = await cookies();
  const secure = { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax" as const };
  jar.set("__Secure-next-auth.session-token", "", { ...secure, secure: true });
  jar.set("next-auth.session-token", "", secure);
  redirect("/");
}
