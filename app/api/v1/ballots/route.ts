import { apiRoute } from "@/lib/api/handler";
import { myBallots } from "@/lib/ballots/my-ballots";

/** The ballots the caller may vote on, with every elector they may vote for (themself, principals). */
export const GET = apiRoute(({ ctx }) => myBallots(ctx));
