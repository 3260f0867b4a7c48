import "server-only";
import { and, eq } from "drizzle-orm";
import { topicEvents, topicSupervisors } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { Ctx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { assignSupervisorsInput, unassignSupervisorInput } from "@/lib/validation/ratings";
import { eligibleSupervisors, endedStates } from "./shared";

/**
 * The topic's staff assign civilian supervisors (民间督导员) of its community. People already
 * assigned are skipped; anyone who is not a verified supervisor there refuses the whole request.
 * Supervisors assigned while the topic is under review are asked to rate at once; the others are
 * asked when it gets there (runReviewReminders).
 */
export function assignSupervisors(ctx: Ctx, raw: unknown, now = new Date()) {
  const input = assignSupervisorsInput.parse(raw);
  const { db, actor } = ctx;
  const topic = loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (endedStates.includes(topic.state)) throw new AppError("conflict", "supervisorsClosed");
  const wanted = [...new Set(input.personIds)];
  const eligible = eligibleSupervisors(db, topic, wanted);
  if (eligible.length !== wanted.length) throw invalid("notASupervisor", { personIds: "notASupervisor" });

  return db.transaction((tx) => {
    const already = new Set(tx.select({ personId: topicSupervisors.personId }).from(topicSupervisors).where(eq(topicSupervisors.topicId, topic.id)).all().map((r) => r.personId));
    const added = eligible.filter((p) => !already.has(p.personId));
    if (added.length === 0) return { topicId: topic.id, added: [] as number[] };
    tx.insert(topicSupervisors)
      .values(added.map((p) => ({ topicId: topic.id, personId: p.personId, assignedBy: actor.personId, createdAt: now })))
      .run();
    tx.insert(topicEvents)
      .values({ topicId: topic.id, actorId: actor.personId, kind: "supervisorsAssigned", data: { count: added.length, names: added.map((p) => p.name) }, at: now })
      .run();
    if (topic.state === "underReview") {
      notify(tx, added.map((p) => p.personId), "ratingRequested", { at: now, topicId: topic.id, actorId: actor.personId, data: { topic: topic.title, round: topic.rectificationRound } });
    }
    recordEvent(tx, { actorId: actor.personId, kind: "topic.supervisorsAssigned", subjectType: "topic", subjectId: topic.id, data: { personIds: added.map((p) => p.personId) } });
    return { topicId: topic.id, added: added.map((p) => p.personId) };
  });
}

/** Staff take a supervisor off a topic who has not rated it yet (a rating given stays on record). */
export function unassignSupervisor(ctx: Ctx, raw: unknown) {
  const input = unassignSupervisorInput.parse(raw);
  const { db, actor } = ctx;
  const topic = loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  return db.transaction((tx) => {
    const removed = tx
      .delete(topicSupervisors)
      .where(and(eq(topicSupervisors.topicId, topic.id), eq(topicSupervisors.personId, input.personId)))
      .run();
    if (removed.changes === 0) throw new AppError("not_found", "supervisorNotAssigned");
    recordEvent(tx, { actorId: actor.personId, kind: "topic.supervisorUnassigned", subjectType: "topic", subjectId: topic.id, data: { personId: input.personId } });
    return { topicId: topic.id, removed: input.personId };
  });
}
