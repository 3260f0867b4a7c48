import { apiRoute, readJson } from "@/lib/api/handler";
import { concludeReview } from "@/lib/ratings/conclude-review";
import { getReview } from "@/lib/ratings/get-review";

export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getReview(ctx, { topicId: params.id }));

/** Conclude the review under the community's close rule: closed, or back to rectification. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => concludeReview(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
