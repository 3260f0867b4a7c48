import { apiRoute, readJson } from "@/lib/api/handler";
import { admitTopic } from "@/lib/topics/admit";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => admitTopic(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
