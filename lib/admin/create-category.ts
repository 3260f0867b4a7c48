import { eq, sql } from "drizzle-orm";
import { agendaCategories } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { recordEvent } from "@/lib/events/record";
import { createCategoryInput } from "@/lib/validation/admin";
import { resolveCommunity } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CreatedCategory = { categoryId: number; name: string; sortOrder: number };

/** A community admin adds a category (e.g. 睦邻关系, 平安建设) to the agenda catalog (议事清单). */
export async function createCategory(ctx: ActorCtx, raw: unknown): Promise<CreatedCategory> {
  const input = createCategoryInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "catalog.manage", input.communityId);
  authorize(actor, "catalog.manage", { communityId });

  return await unitOfWork(db, async (tx) => {
    // Without an explicit place, a new category goes last.
    const sortOrder =
      input.sortOrder ??
      ((await first(tx
        .select({ max: sql<number | null>`max(${agendaCategories.sortOrder})` })
        .from(agendaCategories)
        .where(eq(agendaCategories.communityId, communityId))))?.max ?? 0) + 1;
    const category = await first(tx
      .insert(agendaCategories)
      .values({ communityId, name: input.name, sortOrder })
      .returning({ id: agendaCategories.id }));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "agendaCategory.created",
      subjectType: "agendaCategory",
      subjectId: category.id,
      data: { communityId, name: input.name, sortOrder },
    });
    return { categoryId: category.id, name: input.name, sortOrder };
  });
}
