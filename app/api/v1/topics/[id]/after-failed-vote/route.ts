import { apiRoute, readJson } from "@/lib/api/handler";
import { decideAfterFailedVote } from "@/lib/topics/decide-after-failed-vote";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => decideAfterFailedVote(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
