import { apiRoute, readJson } from "@/lib/api/handler";
import { rejectTopic } from "@/lib/topics/reject";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => rejectTopic(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
