import { asc, eq, inArray } from "drizzle-orm";
import { communities } from "@/db/schema";
import { communitiesWhere } from "@/lib/auth/policy";
import type { Ctx } from "@/lib/context";
import { first } from "@/db/query";

export type AdminCommunity = { id: number; code: string; name: string };

/**
 * The communities the actor administers; empty for everyone else. The admin screens use it to
 * decide between showing the screen and a "no permission" notice; it reveals nothing by itself.
 */
export async function listAdminCommunities(ctx: Ctx): Promise<AdminCommunity[]> {
  const ids = communitiesWhere(ctx.actor, "grid.manage");
  if (ids.length === 0) return [];
  return await ctx.db
    .select({ id: communities.id, code: communities.code, name: communities.name })
    .from(communities)
    .where(inArray(communities.id, ids))
    .orderBy(asc(communities.id));
}

/** Code and name of a community the caller has already been authorized for. */
export async function communityInfo(db: Ctx["db"], communityId: number): Promise<AdminCommunity> {
  return (await first(db
    .select({ id: communities.id, code: communities.code, name: communities.name })
    .from(communities)
    .where(eq(communities.id, communityId))))!;
}
