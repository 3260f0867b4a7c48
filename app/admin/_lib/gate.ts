import "server-only";
import { cookies } from "next/headers";
import { signedInPage, type Page } from "@/app/_lib/page";
import { listAdminCommunities, type AdminCommunity } from "@/lib/admin/list-admin-communities";
import type { ActorCtx } from "@/lib/context";

/** Remembers which community an admin of several is working on. */
export const communityCookie = "gc_admin_community";

/** The page (its ctx and `read`, app/_lib/page.ts) with the communities the actor administers. */
export type AdminGate = Page<ActorCtx> & { communities: AdminCommunity[]; community: AdminCommunity };

/**
 * Every admin screen starts here: signed-out visitors go to sign-in and come back; anyone who
 * administers no community gets null, and the page shows "no permission". This only decides what
 * to show: each read and each action is authorized again by its use case.
 */
export async function adminGate(path: string): Promise<AdminGate | null> {
  const page = await signedInPage(path);
  const communities = await listAdminCommunities(page.ctx);
  if (communities.length === 0) return null;
  const chosen = Number((await cookies()).get(communityCookie)?.value);
  return { ...page, communities, community: communities.find((c) => c.id === chosen) ?? communities[0]! };
}

/** 8912 → "89.12": areas are kept in hundredths of a m² and shown with two decimals. */
export function formatArea(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
}
