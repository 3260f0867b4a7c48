import { and, eq } from "drizzle-orm";
import { agendaCategories, agendaItems, buildings, grids, topicEvents, topicPhotos, topics } from "@/db/schema";
import { authorize, skipsCosigning } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { initialTopicState } from "@/lib/domain/topic-state-machine";
import { invalid, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { renderRichText } from "@/lib/richtext/render";
import { reindexTopic } from "@/lib/search/index-topic";
import { storePhotos } from "@/lib/uploads/photos";
import { proposeTopicInput } from "@/lib/validation/topics";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type ProposedTopic = { topicId: number; state: "proposed" | "awaitingAdmission" };

const DAY = 86_400_000;

/**
 * A verified resident, owner, owners' committee member, property-firm staff or staff member
 * proposes a topic in a grid. Only items of the community's agenda catalog can be proposed
 * (准入门槛). Residents' topics then collect co-signatures; staff and owners' committee topics go
 * straight to admission.
 */
export async function proposeTopic(ctx: ActorCtx, raw: unknown, photoFiles: File[] = [], now = new Date()): Promise<ProposedTopic> {
  const input = proposeTopicInput.parse(raw);
  const { db, actor } = ctx;
  const grid = await first(db.select().from(grids).where(eq(grids.id, input.gridId)));
  if (!grid) throw notFound("gridNotFound");
  authorize(actor, "topic.propose", { communityId: grid.communityId, gridId: grid.id });

  const item = await first(db
    .select({ id: agendaItems.id, active: agendaItems.active, threshold: agendaItems.cosignThreshold })
    .from(agendaItems)
    .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
    .where(and(eq(agendaItems.id, input.agendaItemId), eq(agendaCategories.communityId, grid.communityId))));
  if (!item || !item.active) throw invalid("itemNotInCatalog", { agendaItemId: "itemNotInCatalog" });
  if (input.buildingId) {
    const b = await first(db.select({ gridId: buildings.gridId }).from(buildings).where(eq(buildings.id, input.buildingId)));
    if (!b || b.gridId !== grid.id) throw invalid("buildingOutsideGrid", { buildingId: "buildingOutsideGrid" });
  }

  const state = initialTopicState(skipsCosigning(actor, { communityId: grid.communityId, gridId: grid.id })) as "proposed" | "awaitingAdmission";
  const descriptionHtml = renderRichText(input.description);

  // Files are checked and written before the transaction (which must stay synchronous) and
  // removed again if it fails, so a refused topic leaves nothing behind.
  const stored = await storePhotos(photoFiles);
  try {
    return await unitOfWork(db, async (tx) => {
      const topic = await first(tx
        .insert(topics)
        .values({
          communityId: grid.communityId,
          gridId: grid.id,
          buildingId: input.buildingId ?? null,
          agendaItemId: item.id,
          title: input.title,
          descriptionJson: input.description,
          descriptionHtml,
          location: input.location,
          proposerId: actor.personId,
          state,
          level: "grid",
          cosignThreshold: item.threshold ?? grid.cosignThreshold,
          cosignDeadline: new Date(now.getTime() + grid.cosignWindowDays * DAY),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: topics.id }));
      for (const [position, p] of stored.photos.entries()) {
await tx.insert(topicPhotos).values({ topicId: topic.id, ...p, position });
}
      await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "proposed", toState: state, at: now });
      await reindexTopic(tx, topic.id);
      await recordEvent(tx, { actorId: actor.personId, kind: "topic.proposed", subjectType: "topic", subjectId: topic.id, data: { gridId: grid.id, state } });
      return { topicId: topic.id, state };
    });
  } catch (e) {
    stored.remove();
    throw e;
  }
}
