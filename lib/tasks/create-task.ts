import { desc, eq } from "drizzle-orm";
import { resolutions, tasks, topicEvents } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { createTaskInput } from "@/lib/validation/tasks";
import { assigneePersonIds, resolveAssignee, taskNotice } from "./shared";
import { shanghaiDate } from "@/lib/time";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * Staff who own the topic dispatch a task from its resolution (派单): to an organisation of the
 * community (e.g. the property firm), to a verified person of the community, or open on the task
 * board for anyone in the community to claim (揭榜挂帅). The task belongs to the current round.
 */
export async function createTask(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const input = createTaskInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (topic.state !== "implementing" && topic.state !== "rectifying") throw new AppError("conflict", "taskTopicNotImplementing");
  if (input.dueOn < shanghaiDate(now)) throw invalid("taskDueInPast", { dueOn: "taskDueInPast" });

  return await unitOfWork(db, async (tx) => {
    const who = await resolveAssignee(tx, topic, input.assignee);
    const resolution = await first(tx.select({ id: resolutions.id }).from(resolutions).where(eq(resolutions.topicId, topic.id)).orderBy(desc(resolutions.id)));
    const task = await first(tx
      .insert(tasks)
      .values({
        topicId: topic.id,
        resolutionId: resolution?.id ?? null,
        communityId: topic.communityId,
        gridId: topic.gridId,
        title: input.title,
        description: input.description,
        ...who,
        dueOn: input.dueOn,
        round: topic.rectificationRound,
        createdBy: actor.personId,
        createdAt: now,
        updatedAt: now,
      })
      .returning());
    await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "taskCreated", data: { taskId: task.id, title: task.title }, at: now });
    if (who.status === "assigned") {
      await notify(tx, await assigneePersonIds(tx, task), "taskAssigned", { topicId: topic.id, data: taskNotice(topic, task), actorId: actor.personId, at: now });
    }
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "task.created",
      subjectType: "task",
      subjectId: task.id,
      data: { topicId: topic.id, round: task.round, assigneeOrganisationId: task.assigneeOrganisationId, assigneePersonId: task.assigneePersonId, openToClaim: task.openToClaim, dueOn: task.dueOn },
    });
    return { taskId: task.id, topicId: topic.id, status: task.status, round: task.round };
  });
}
