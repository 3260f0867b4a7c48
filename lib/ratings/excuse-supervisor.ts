import "server-only";
import { and, eq } from "drizzle-orm";
import { people, supervisionRatings, supervisorExcusals, topicEvents } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { excuseSupervisorInput } from "@/lib/validation/ratings";
import { isAssignedSupervisor } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * Staff record that an assigned supervisor cannot rate the current round (ill, moved away), so
 * the round can be concluded without waiting for them. The reason stays with the round, shown on
 * the review page to staff and supervisors; the public timeline says only that they could not
 * rate. A rating they give anyway still counts.
 */
export async function excuseSupervisor(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = excuseSupervisorInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (!await isAssignedSupervisor(db, topic.id, input.personId)) throw new AppError("not_found", "supervisorNotAssigned");
  if (topic.state !== "underReview") throw new AppError("conflict", "reviewNotOpen");
  const round = topic.rectificationRound;

  return await unitOfWork(db, async (tx) => {
    const rated = await first(tx
      .select({ id: supervisionRatings.id })
      .from(supervisionRatings)
      .where(and(eq(supervisionRatings.topicId, topic.id), eq(supervisionRatings.round, round), eq(supervisionRatings.supervisorId, input.personId))));
    if (rated) throw new AppError("conflict", "supervisorAlreadyRated");
    const inserted = await first(tx
      .insert(supervisorExcusals)
      .values({ topicId: topic.id, round, personId: input.personId, reason: input.reason, recordedBy: actor.personId, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: supervisorExcusals.id }));
    if (!inserted) throw new AppError("conflict", "supervisorAlreadyExcused");
    const name = (await first(tx.select({ name: people.name }).from(people).where(eq(people.id, input.personId))))?.name ?? "";
    await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "supervisorExcused", data: { title: name, round }, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.supervisorExcused", subjectType: "topic", subjectId: topic.id, data: { personId: input.personId, round, reason: input.reason } });
    return { topicId: topic.id, personId: input.personId, round, excusalId: inserted.id };
  });
}
