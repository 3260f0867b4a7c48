import { desc, eq } from "drizzle-orm";
import { imports, people } from "@/db/schema";
import { resolveCommunity } from "@/lib/admin/scope";
import type { ActorCtx } from "@/lib/context";

export type ImportListItem = {
  id: number;
  kind: string;
  fileName: string;
  source: string;
  format: string;
  summary: Record<string, number>;
  importedBy: string | null;
  createdAt: Date;
};

/** The community's last committed imports (dry runs write nothing), newest first, for its admins. */
export async function listImports(ctx: ActorCtx, input: { communityId?: number; limit?: number }): Promise<ImportListItem[]> {
  const communityId = resolveCommunity(ctx.actor, "unit.manage", input.communityId);
  return await ctx.db
    .select({
      id: imports.id,
      kind: imports.kind,
      fileName: imports.fileName,
      source: imports.source,
      format: imports.format,
      summary: imports.summary,
      importedBy: people.name,
      createdAt: imports.createdAt,
    })
    .from(imports)
    .leftJoin(people, eq(imports.importedBy, people.id))
    .where(eq(imports.communityId, communityId))
    .orderBy(desc(imports.id))
    .limit(Math.min(input.limit ?? 10, 50));
}
