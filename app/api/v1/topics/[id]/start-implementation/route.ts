import { apiRoute } from "@/lib/api/handler";
import { startImplementation } from "@/lib/tasks/start-implementation";

export const POST = apiRoute<{ id: string }>(({ ctx, params }) => startImplementation(ctx, { topicId: params.id }));
