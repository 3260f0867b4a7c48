import { apiRoute } from "@/lib/api/handler";
import { closeBallot } from "@/lib/ballots/close-ballot";

/** Staff close the ballot: tally, store the result, move the topic, publish the resolution if it passed. */
export const POST = apiRoute<{ id: string }>(({ ctx, params }) => closeBallot(ctx, { ballotId: params.id }));
