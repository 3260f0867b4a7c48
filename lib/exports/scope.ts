import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { grids } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, communitiesWhere } from "@/lib/auth/policy";
import { AppError, notFound } from "@/lib/errors";
import { first } from "@/db/query";

/** What an export covers: one grid (grid staff) or a whole community (community admins). */
export type ExportScope = { communityId: number; gridId: number | null };

/**
 * Resolves and authorizes the scope of an export. With a grid: the grid's staff ("topic.manage")
 * or the community's admins. Without: the community the actor administers ("grid.manage").
 * 403 when the actor may not.
 */
export async function resolveExportScope(db: DB, actor: Actor, query: { gridId?: number | null; communityId?: number | null }): Promise<ExportScope> {
  if (query.gridId != null) {
    const grid = await first(db.select().from(grids).where(eq(grids.id, query.gridId)));
    if (!grid) {
      // An unknown grid is refused like a foreign one, so ids do not leak.
      authorize(actor, "topic.manage", { communityId: -1, gridId: -1 });
      throw notFound();
    }
    authorize(actor, "topic.manage", { communityId: grid.communityId, gridId: grid.id });
    return { communityId: grid.communityId, gridId: grid.id };
  }
  const administered = communitiesWhere(actor, "grid.manage");
  const communityId = query.communityId ?? administered[0];
  if (communityId == null) {
    authorize(actor, "grid.manage", { communityId: -1 });
    throw new AppError("forbidden", "forbidden");
  }
  authorize(actor, "grid.manage", { communityId });
  return { communityId, gridId: null };
}

/** Reads ?gridId= and ?communityId= (positive integers) from a URL; anything else is invalid. */
export function scopeQuery(url: URL): { gridId: number | null; communityId: number | null } {
  const read = (name: string) => {
    const v = url.searchParams.get(name);
    if (v == null || v === "") return null;
    if (!/^\d{1,9}$/.test(v) || Number(v) < 1) throw new AppError("invalid_input", "invalidInput");
    return Number(v);
  };
  return { gridId: read("gridId"), communityId: read("communityId") };
}
