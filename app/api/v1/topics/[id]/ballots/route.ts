import { apiRoute, readJson } from "@/lib/api/handler";
import { listBallots } from "@/lib/ballots/list-ballots";
import { openBallot } from "@/lib/ballots/open-ballot";

/** The topic's ballots: turnout while open, the outcome once closed (never a count by choice before). */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => listBallots(ctx, { topicId: params.id }));

/** Staff who own the topic open a ballot on one plan or a choice among several. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    return openBallot(ctx, { ...body, topicId: params.id });
  },
  { status: 201 },
);
