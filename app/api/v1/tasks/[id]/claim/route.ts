import { apiRoute } from "@/lib/api/handler";
import { claimTask } from "@/lib/tasks/claim-task";

export const POST = apiRoute<{ id: string }>(({ ctx, params }) => claimTask(ctx, { taskId: params.id }));
