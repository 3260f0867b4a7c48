import { apiRoute, readJson } from "@/lib/api/handler";
import { answerSatisfaction } from "@/lib/ratings/answer-satisfaction";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => answerSatisfaction(ctx, { ...((await readJson(req)) as object), topicId: params.id }), { status: 201 });
