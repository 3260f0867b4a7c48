import "server-only";
import { and, eq } from "drizzle-orm";
import { satisfactionVotes } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { answerSatisfactionInput } from "@/lib/validation/ratings";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * A verified resident or owner of the topic's grid says whether they are satisfied (满意度), once
 * per round, while the topic is under review. Not on the timeline: one entry per neighbour would
 * drown it; the counts show on the review panel.
 */
export async function answerSatisfaction(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = answerSatisfactionInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  // "topic.cosign" is exactly "lives in the topic's grid" (resident or owner there).
  authorize(actor, "topic.cosign", topicResource(topic));
  if (topic.state !== "underReview") throw new AppError("conflict", "satisfactionNotOpen");
  const round = topic.rectificationRound;
  return await unitOfWork(db, async (tx) => {
    const existing = await first(tx
      .select({ id: satisfactionVotes.id })
      .from(satisfactionVotes)
      .where(and(eq(satisfactionVotes.topicId, topic.id), eq(satisfactionVotes.round, round), eq(satisfactionVotes.personId, actor.personId))));
    if (existing) throw new AppError("conflict", "alreadyAnswered");
    await tx.insert(satisfactionVotes).values({ topicId: topic.id, round, personId: actor.personId, answer: input.answer, comment: input.comment, createdAt: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.satisfactionAnswered", subjectType: "topic", subjectId: topic.id, data: { round, answer: input.answer } });
    return { topicId: topic.id, round, answer: input.answer };
  });
}
