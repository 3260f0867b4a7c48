import "server-only";
import { and, eq } from "drizzle-orm";
import { people, supervisionRatings, topicEvents, topicSupervisors } from "@/db/schema";
import { supervisorRemovalBlocker } from "@/lib/domain/close-rule";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { assignSupervisorsInput, unassignSupervisorInput } from "@/lib/validation/ratings";
import { eligibleSupervisors, endedStates, isAssignedSupervisor } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * The topic's staff assign civilian supervisors (民间督导员) of its community. People already
 * assigned are skipped; anyone who is not a verified supervisor there refuses the whole request.
 * Supervisors assigned while the topic is under review are asked to rate at once; the others are
 * asked when it gets there (runReviewReminders).
 */
export async function assignSupervisors(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = assignSupervisorsInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (endedStates.includes(topic.state)) throw new AppError("conflict", "supervisorsClosed");
  const wanted = [...new Set(input.personIds)];
  const eligible = await eligibleSupervisors(db, topic, wanted);
  if (eligible.length !== wanted.length) throw invalid("notASupervisor", { personIds: "notASupervisor" });

  return await unitOfWork(db, async (tx) => {
    const already = new Set((await tx.select({ personId: topicSupervisors.personId }).from(topicSupervisors).where(eq(topicSupervisors.topicId, topic.id))).map((r) => r.personId));
    const added = eligible.filter((p) => !already.has(p.personId));
    if (added.length === 0) return { topicId: topic.id, added: [] as number[] };
    await tx.insert(topicSupervisors)
      .values(added.map((p) => ({ topicId: topic.id, personId: p.personId, assignedBy: actor.personId, createdAt: now })));
    await tx.insert(topicEvents)
      .values({ topicId: topic.id, actorId: actor.personId, kind: "supervisorsAssigned", data: { count: added.length, names: added.map((p) => p.name) }, at: now });
    if (topic.state === "underReview") {
      await notify(tx, added.map((p) => p.personId), "ratingRequested", { at: now, topicId: topic.id, actorId: actor.personId, data: { topic: topic.title, round: topic.rectificationRound } });
    }
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.supervisorsAssigned", subjectType: "topic", subjectId: topic.id, data: { personIds: added.map((p) => p.personId) } });
    return { topicId: topic.id, added: added.map((p) => p.personId) };
  });
}

/**
 * Staff take a supervisor off a topic before its review starts. From then on (see
 * supervisorRemovalBlocker) it is refused: one who has not rated is excused with a reason instead,
 * one who has rated keeps their rating on record. The removal is on the topic's timeline.
 */
export async function unassignSupervisor(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = unassignSupervisorInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return await unitOfWork(db, async (tx) => {
    if (!await isAssignedSupervisor(tx, topic.id, input.personId)) throw new AppError("not_found", "supervisorNotAssigned");
    const rated = async (supervisorId?: number) =>
      !!await first(tx
        .select({ id: supervisionRatings.id })
        .from(supervisionRatings)
        .where(and(eq(supervisionRatings.topicId, topic.id), supervisorId === undefined ? undefined : eq(supervisionRatings.supervisorId, supervisorId))));
    const blocker = supervisorRemovalBlocker({ state: topic.state, topicHasRatings: await rated(), supervisorHasRated: await rated(input.personId) });
    if (blocker === "supervisorRated") throw new AppError("conflict", "supervisorRemovalRated");
    if (blocker === "reviewUnderway") throw new AppError("conflict", "supervisorRemovalInReview");
    await tx.delete(topicSupervisors).where(and(eq(topicSupervisors.topicId, topic.id), eq(topicSupervisors.personId, input.personId)));
    const name = (await first(tx.select({ name: people.name }).from(people).where(eq(people.id, input.personId))))?.name ?? "";
    await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "supervisorUnassigned", data: { title: name }, at: now });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.supervisorUnassigned", subjectType: "topic", subjectId: topic.id, data: { personId: input.personId } });
    return { topicId: topic.id, removed: input.personId };
  });
}
