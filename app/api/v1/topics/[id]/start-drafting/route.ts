import { apiRoute } from "@/lib/api/handler";
import { startDrafting } from "@/lib/topics/start-drafting";

export const POST = apiRoute<{ id: string }>(({ ctx, params }) => startDrafting(ctx, { topicId: params.id }));
