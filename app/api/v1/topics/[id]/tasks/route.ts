import { apiRoute, readJson } from "@/lib/api/handler";
import { createTask } from "@/lib/tasks/create-task";
import { listTopicTasks } from "@/lib/tasks/list-tasks";

/** The topic's tasks by round, with status, percent and the overdue flag. */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => listTopicTasks(ctx, { topicId: params.id }));

/** Dispatch a task from the resolution (派单): to an organisation, a person, or open on the board. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    return createTask(ctx, { ...body, topicId: params.id });
  },
  { status: 201 },
);
