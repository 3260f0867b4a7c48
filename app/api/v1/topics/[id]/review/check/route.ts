import { apiRoute, readJson } from "@/lib/api/handler";
import { recordReviewCheck } from "@/lib/ratings/record-review-check";

/** Record the follow-up check of a closed topic: held, or failed (reopens it). */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => recordReviewCheck(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
