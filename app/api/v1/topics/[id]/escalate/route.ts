import { apiRoute, readJson } from "@/lib/api/handler";
import { escalateTopic } from "@/lib/topics/escalate";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => escalateTopic(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
