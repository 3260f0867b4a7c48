import { and, eq, inArray, sql } from "drizzle-orm";
import { agendaCategories, agendaItems, type TopicLevel, type VoteRule } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { createItemInput } from "@/lib/validation/admin";
import { adminCommunityIds } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CreatedItem = {
  itemId: number;
  categoryId: number;
  name: string;
  defaultLevel: TopicLevel;
  defaultVoteRule: VoteRule;
  cosignThreshold: number | null;
  minTurnoutPercent: number | null;
  sortOrder: number;
};

/**
 * A community admin adds an item to a category of the agenda catalog. The item sets what a topic
 * under it starts with: its level (grid or community), its vote rule and, if it differs from the
 * grid's, the co-signatures it needs before admission, and if it differs from the community's,
 * the participation floor of its residents' ballots.
 */
export async function createItem(ctx: ActorCtx, raw: unknown): Promise<CreatedItem> {
  const input = createItemInput.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "catalog.manage");
  const category = await first(db
    .select({ id: agendaCategories.id, communityId: agendaCategories.communityId })
    .from(agendaCategories)
    .where(and(eq(agendaCategories.id, input.categoryId), inArray(agendaCategories.communityId, allowed))));
  if (!category) throw notFound("categoryNotFound");
  authorize(actor, "catalog.manage", { communityId: category.communityId });

  return await unitOfWork(db, async (tx) => {
    const sortOrder =
      input.sortOrder ??
      ((await first(tx
        .select({ max: sql<number | null>`max(${agendaItems.sortOrder})` })
        .from(agendaItems)
        .where(eq(agendaItems.categoryId, category.id))))?.max ?? 0) + 1;
    const values = {
      categoryId: category.id,
      name: input.name,
      description: input.description,
      defaultLevel: input.defaultLevel,
      defaultVoteRule: input.defaultVoteRule,
      cosignThreshold: input.cosignThreshold ?? null,
      minTurnoutPercent: input.minTurnoutPercent ?? null,
      sortOrder,
    };
    const item = await first(tx.insert(agendaItems).values(values).returning({ id: agendaItems.id }));
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "agendaItem.created",
      subjectType: "agendaItem",
      subjectId: item.id,
      data: values,
    });
    return {
      itemId: item.id,
      categoryId: category.id,
      name: input.name,
      defaultLevel: input.defaultLevel,
      defaultVoteRule: input.defaultVoteRule,
      cosignThreshold: values.cosignThreshold,
      minTurnoutPercent: values.minTurnoutPercent,
      sortOrder,
    };
  });
}
