import { apiRoute } from "@/lib/api/handler";
import { getTask } from "@/lib/tasks/get-task";

export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getTask(ctx, { taskId: params.id }));
