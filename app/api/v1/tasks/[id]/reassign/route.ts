import { apiRoute, readJson } from "@/lib/api/handler";
import { reassignTask } from "@/lib/tasks/reassign-task";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return reassignTask(ctx, { ...body, taskId: params.id });
});
