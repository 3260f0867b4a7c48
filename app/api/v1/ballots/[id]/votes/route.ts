import { apiRoute, readJson } from "@/lib/api/handler";
import { castVote } from "@/lib/ballots/cast-vote";

/** Vote online, or change one's vote until the close: { choice } or { planId }, with { electorKey } for a principal. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return castVote(ctx, { ...body, ballotId: params.id });
});
