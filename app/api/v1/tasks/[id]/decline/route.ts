import { apiRoute, readJson } from "@/lib/api/handler";
import { declineTask } from "@/lib/tasks/decline-task";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return declineTask(ctx, { ...body, taskId: params.id });
});
