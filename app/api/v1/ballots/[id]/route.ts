import { apiRoute } from "@/lib/api/handler";
import { getBallot } from "@/lib/ballots/get-ballot";

/** One ballot as the caller may see it (closed by this read once its closing time has passed). */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getBallot(ctx, { ballotId: params.id }));
