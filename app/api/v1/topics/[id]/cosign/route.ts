import { apiRoute, readJson } from "@/lib/api/handler";
import { cosignTopic } from "@/lib/topics/cosign";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => cosignTopic(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
