import { apiRoute } from "@/lib/api/handler";
import { getTopic } from "@/lib/topics/get-topic";

export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getTopic(ctx, { topicId: params.id }));
