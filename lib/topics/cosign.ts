import { and, eq, sql } from "drizzle-orm";
import { cosigns, topicEvents, topics } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { topicRef } from "@/lib/validation/topics";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition } from "./apply-transition";
import { topicStaffIds } from "./staff-of-topic";
import { supporters } from "./supporters";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type CosignResult = { topicId: number; cosignCount: number; supporters: number; threshold: number; state: string };

/**
 * A verified resident of the topic's grid co-signs (附议) once. The co-signature that reaches the
 * threshold moves the topic to admission and tells the proposer and the grid's staff.
 */
export async function cosignTopic(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<CosignResult> {
  const { topicId } = topicRef.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  authorize(actor, "topic.cosign", topicResource(topic));
  if (topic.state !== "proposed") throw new AppError("conflict", "topicNotCollecting");
  if (topic.proposerId === actor.personId) throw new AppError("conflict", "cosignOwnTopic");

  return await unitOfWork(db, async (tx) => {
    const already = await first(tx.select({ id: cosigns.id }).from(cosigns).where(and(eq(cosigns.topicId, topicId), eq(cosigns.personId, actor.personId))));
    if (already) throw new AppError("conflict", "alreadyCosigned");
    await tx.insert(cosigns).values({ topicId, personId: actor.personId, createdAt: now });
    const updated = await first(tx
      .update(topics)
      .set({ cosignCount: sql`${topics.cosignCount} + 1`, updatedAt: now })
      .where(eq(topics.id, topicId))
      .returning());
    await tx.insert(topicEvents).values({ topicId, actorId: actor.personId, kind: "cosigned", data: { count: updated.cosignCount }, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.cosigned", subjectType: "topic", subjectId: topicId });

    let state: string = updated.state;
    if (supporters(updated) >= updated.cosignThreshold) {
      state = (await applyTransition(tx, updated, "reachThreshold", "system", { now })).to;
      await notify(tx, [updated.proposerId, ...await topicStaffIds(tx, updated)], "thresholdReached", { at: now, topicId, data: { title: updated.title } });
    }
    return { topicId, cosignCount: updated.cosignCount, supporters: supporters(updated), threshold: updated.cosignThreshold, state };
  });
}
