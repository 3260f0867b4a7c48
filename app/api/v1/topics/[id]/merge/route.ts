import { apiRoute, readJson } from "@/lib/api/handler";
import { mergeTopic } from "@/lib/topics/merge";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => mergeTopic(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
