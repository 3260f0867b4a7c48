import { apiRoute, readJson } from "@/lib/api/handler";
import { enterPaperBallot } from "@/lib/ballots/enter-paper-ballot";

/** Staff enter a paper ballot: { electorKey, choice | planId, witness }. 409 if the elector has voted already. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    return enterPaperBallot(ctx, { ...body, ballotId: params.id });
  },
  { status: 201 },
);
