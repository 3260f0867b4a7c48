import "server-only";
import { notFound, redirect } from "next/navigation";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { currentActor } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

/**
 * Runs a read for a plan page: sign-in first (coming back here afterwards), 404 for a topic or plan
 * that does not exist, lies in another community or is asked for under the wrong URL, and
 * "notVerified" for accounts still waiting for verification.
 */
export async function loadForPage<T>(back: string, read: (ctx: Ctx & { actor: Actor }) => T): Promise<{ actor: Actor; data: T } | { actor: Actor; data: null }> {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
  try {
    return { actor, data: read({ db: getDb(), actor }) };
  } catch (e) {
    if (e instanceof ZodError) notFound();
    if (e instanceof AppError && (e.status === 404 || e.status === 422)) notFound();
    if (e instanceof AppError && e.messageKey === "notVerified") return { actor, data: null };
    throw e;
  }
}
