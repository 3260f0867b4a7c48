import { and, eq, isNull, sql } from "drizzle-orm";
import { opinions, topicEvents, topics } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { reindexTopic } from "@/lib/search/index-topic";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { hideOpinionInput } from "@/lib/validation/opinions";
import { unitOfWork } from "@/db/unit-of-work";
import { changedRows, first } from "@/db/query";

export type HiddenOpinion = { opinionId: number; topicId: number; reason: string; hiddenAt: Date };

/**
 * The topic's staff hide an abusive opinion, with a reason everyone sees in its place. The text is
 * kept (staff can still read it, and the audit trail says who hid it and why) but leaves the search
 * index and no longer counts among the topic's opinions.
 */
export async function hideOpinion(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<HiddenOpinion> {
  const input = hideOpinionInput.parse(raw);
  const { db, actor } = ctx;
  const opinion = await first(db
    .select({ id: opinions.id, topicId: opinions.topicId, hiddenAt: opinions.hiddenAt })
    .from(opinions)
    .where(eq(opinions.id, input.opinionId)));
  if (!opinion) throw notFound("opinionNotFound");
  // An opinion on a topic the actor cannot see is "not found", like the topic itself.
  const topic = await loadVisibleTopic(db, actor, opinion.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (opinion.hiddenAt) throw new AppError("conflict", "opinionAlreadyHidden");

  return await unitOfWork(db, async (tx) => {
    const changed = changedRows(await tx
      .update(opinions)
      .set({ hiddenAt: now, hiddenBy: actor.personId, hiddenReason: input.reason })
      .where(and(eq(opinions.id, opinion.id), isNull(opinions.hiddenAt))));
    // Two moderators pressing at once: the second finds it already hidden and changes nothing.
    if (changed === 0) throw new AppError("conflict", "opinionAlreadyHidden");
    await tx.update(topics)
      // A CASE, not max(a, b): PostgreSQL's max takes one argument (its two-argument form is greatest, which SQLite lacks).
      .set({ opinionCount: sql`case when ${topics.opinionCount} > 0 then ${topics.opinionCount} - 1 else 0 end`, updatedAt: now })
      .where(eq(topics.id, topic.id));
    await reindexTopic(tx, topic.id);
    await tx.insert(topicEvents)
      .values({ topicId: topic.id, actorId: actor.personId, kind: "opinionHidden", note: input.reason, data: { opinionId: opinion.id }, at: now });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "opinion.hidden",
      subjectType: "opinion",
      subjectId: opinion.id,
      data: { topicId: topic.id, reason: input.reason },
    });
    return { opinionId: opinion.id, topicId: topic.id, reason: input.reason, hiddenAt: now };
  });
}
