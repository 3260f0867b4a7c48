import { asc, eq, inArray } from "drizzle-orm";
import { communities } from "@/db/schema";
import { communitiesWhere } from "@/lib/auth/policy";
import type { Ctx } from "@/lib/context";

export type AdminCommunity = { id: number; code: string; name: string };

/**
 * The communities the actor administers; empty for everyone else. The admin screens use it to
 * decide between showing the screen and a "no permission" notice; it reveals nothing by itself.
 */
export function listAdminCommunities(ctx: Ctx): AdminCommunity[] {
  const ids = communitiesWhere(ctx.actor, "grid.manage");
  if (ids.length === 0) return [];
  return ctx.db
    .select({ id: communities.id, code: communities.code, name: communities.name })
    .from(communities)
    .where(inArray(communities.id, ids))
    .orderBy(asc(communities.id))
    .all();
}

/** Code and name of a community the caller has already been authorized for. */
export function communityInfo(db: Ctx["db"], communityId: number): AdminCommunity {
  return db
    .select({ id: communities.id, code: communities.code, name: communities.name })
    .from(communities)
    .where(eq(communities.id, communityId))
    .get()!;
}
