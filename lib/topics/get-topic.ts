import { and, asc, desc, eq, notInArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { agendaCategories, agendaItems, buildings, cosigns, grids, people, topicEvents, topicPhotos, topics } from "@/db/schema";
import { can, transitionsFor } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { topicRef } from "@/lib/validation/topics";
import { supporters } from "./supporters";
import { isInvited, loadVisibleTopic, topicResource } from "./access";
import { first } from "@/db/query";

/** Everything the topic page shows, shaped for the actor: what they may do is computed here, on the server. */
export async function getTopic(ctx: ActorCtx, raw: unknown) {
  const { topicId } = topicRef.parse(raw);
  const { db } = ctx;
  const topic = await loadVisibleTopic(db, ctx.actor, topicId);
  const actor = ctx.actor!;

  const info = (await first(db
    .select({
      gridName: grids.name,
      itemName: agendaItems.name,
      itemDefaultLevel: agendaItems.defaultLevel,
      categoryName: agendaCategories.name,
      proposerName: people.name,
      proposerNumber: people.displayNumber,
    })
    .from(topics)
    .innerJoin(grids, eq(topics.gridId, grids.id))
    .innerJoin(agendaItems, eq(topics.agendaItemId, agendaItems.id))
    .innerJoin(agendaCategories, eq(agendaItems.categoryId, agendaCategories.id))
    .innerJoin(people, eq(topics.proposerId, people.id))
    .where(eq(topics.id, topicId))))!;
  const building = topic.buildingId ? await first(db.select({ name: buildings.name }).from(buildings).where(eq(buildings.id, topic.buildingId))) : undefined;
  const photos = await db.select({ id: topicPhotos.id }).from(topicPhotos).where(eq(topicPhotos.topicId, topicId)).orderBy(asc(topicPhotos.position));
  const actorPerson = alias(people, "actor_person");
  const timeline = await db
    .select({
      id: topicEvents.id,
      kind: topicEvents.kind,
      fromState: topicEvents.fromState,
      toState: topicEvents.toState,
      note: topicEvents.note,
      data: topicEvents.data,
      at: topicEvents.at,
      actorName: actorPerson.name,
    })
    .from(topicEvents)
    .leftJoin(actorPerson, eq(topicEvents.actorId, actorPerson.id))
    .where(eq(topicEvents.topicId, topicId))
    .orderBy(asc(topicEvents.at), asc(topicEvents.id));
  const hasCosigned = !!await first(db.select({ id: cosigns.id }).from(cosigns).where(and(eq(cosigns.topicId, topicId), eq(cosigns.personId, actor.personId))));
  const mayManage = can(actor, "topic.manage", topicResource(topic));
  const mergedInto = topic.mergedIntoId ? await first(db.select({ id: topics.id, title: topics.title }).from(topics).where(eq(topics.id, topic.mergedIntoId))) : undefined;
  // Candidates a duplicate may be merged into: other live topics of the same grid.
  const mergeTargets = mayManage
    ? await db
        .select({ id: topics.id, title: topics.title })
        .from(topics)
        .where(and(eq(topics.gridId, topic.gridId), notInArray(topics.state, ["rejected", "merged", "expired", "closed"]), notInArray(topics.id, [topic.id])))
        .orderBy(desc(topics.updatedAt), desc(topics.id))
        .limit(50)
    : [];

  return {
    topic: {
      id: topic.id,
      title: topic.title,
      descriptionHtml: topic.descriptionHtml,
      location: topic.location,
      state: topic.state,
      level: topic.level,
      cosignCount: topic.cosignCount,
      supporters: supporters(topic),
      cosignThreshold: topic.cosignThreshold,
      cosignDeadline: topic.cosignDeadline,
      opinionCount: topic.opinionCount,
      rejectReason: topic.rejectReason,
      createdAt: topic.createdAt,
      gridId: topic.gridId,
      communityId: topic.communityId,
      ...info,
      buildingName: building?.name ?? null,
    },
    photos: photos.map((p) => p.id),
    timeline,
    mergedInto: mergedInto ?? null,
    mergeTargets,
    me: {
      isProposer: topic.proposerId === actor.personId,
      hasCosigned,
      mayCosign: topic.state === "proposed" && topic.proposerId !== actor.personId && !hasCosigned && can(actor, "topic.cosign", topicResource(topic)),
      mayManage,
      mayPostOpinion: can(actor, "opinion.post", topicResource(topic, await isInvited(db, topic.id, actor.personId))),
      transitions: transitionsFor(actor, topic.state, topicResource(topic)),
    },
  };
}
export type TopicDetail = Awaited<ReturnType<typeof getTopic>>;

