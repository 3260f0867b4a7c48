import { and, eq, inArray } from "drizzle-orm";
import { agendaCategories, agendaItems, type AgendaItem } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { invalid, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { updateItemInput } from "@/lib/validation/admin";
import { adminCommunityIds } from "./scope";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type UpdatedItem = Pick<
  AgendaItem,
  "id" | "categoryId" | "name" | "description" | "defaultLevel" | "defaultVoteRule" | "cosignThreshold" | "minTurnoutPercent" | "active" | "sortOrder"
>;

/**
 * A community admin edits an agenda item: its name, default level, default vote rule, co-sign
 * threshold, participation floor, or takes it out of use (active = false). Topics already proposed
 * under it keep what they started with, and a ballot already open keeps the floor it opened with;
 * an inactive item is only hidden from new proposals.
 */
export async function updateItem(ctx: ActorCtx, raw: unknown): Promise<UpdatedItem> {
  const input = updateItemInput.parse(raw);
  const { itemId, ...changes } = input;
  if (Object.values(changes).every((v) => v === undefined)) throw invalid("nothingToUpdate");
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "catalog.manage");
  const item = await first(db
    .select({ id: agendaItems.id, communityId: agendaCategories.communityId })
    .from(agendaItems)
    .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
    .where(and(eq(agendaItems.id, itemId), inArray(agendaCategories.communityId, allowed))));
  if (!item) throw notFound("itemNotFound");
  authorize(actor, "catalog.manage", { communityId: item.communityId });

  return await unitOfWork(db, async (tx) => {
    const updated = (await first(tx
      .update(agendaItems)
      .set(changes)
      .where(eq(agendaItems.id, item.id))
      .returning({
        id: agendaItems.id,
        categoryId: agendaItems.categoryId,
        name: agendaItems.name,
        description: agendaItems.description,
        defaultLevel: agendaItems.defaultLevel,
        defaultVoteRule: agendaItems.defaultVoteRule,
        cosignThreshold: agendaItems.cosignThreshold,
        minTurnoutPercent: agendaItems.minTurnoutPercent,
        active: agendaItems.active,
        sortOrder: agendaItems.sortOrder,
      })))!;
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "agendaItem.updated",
      subjectType: "agendaItem",
      subjectId: item.id,
      data: { changes },
    });
    return updated;
  });
}
