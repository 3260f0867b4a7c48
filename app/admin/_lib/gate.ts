import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { listAdminCommunities, type AdminCommunity } from "@/lib/admin/list-admin-communities";
import { currentActor } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

/** Remembers which community an admin of several is working on. */
export const communityCookie = "gc_admin_community";

export type AdminGate = { ctx: Ctx; communities: AdminCommunity[]; community: AdminCommunity };

/**
 * Every admin screen starts here: signed-out visitors go to sign-in and come back; anyone who
 * administers no community gets null, and the page shows "no permission". This only decides what
 * to show: each read and each action is authorized again by its use case.
 */
export async function adminGate(path: string): Promise<AdminGate | null> {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  const ctx: Ctx = { db: getDb(), actor };
  const communities = listAdminCommunities(ctx);
  if (communities.length === 0) return null;
  const chosen = Number((await cookies()).get(communityCookie)?.value);
  return { ctx, communities, community: communities.find((c) => c.id === chosen) ?? communities[0]! };
}

/** Runs a read of one thing; "not found" (or an id that is not one) shows the 404 page. */
export function orNotFound<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if ((e instanceof AppError && e.status === 404) || e instanceof ZodError) notFound();
    throw e;
  }
}

/** 8912 → "89.12": areas are kept in hundredths of a m² and shown with two decimals. */
export function formatArea(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
}
