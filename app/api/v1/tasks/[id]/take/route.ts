import { apiRoute } from "@/lib/api/handler";
import { takeTask } from "@/lib/tasks/take-task";

export const POST = apiRoute<{ id: string }>(({ ctx, params }) => takeTask(ctx, { taskId: params.id }));
