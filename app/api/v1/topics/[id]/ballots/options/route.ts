import { apiRoute } from "@/lib/api/handler";
import { ballotOpenOptions } from "@/lib/ballots/open-options";

/** Staff: what a ballot on this topic may be opened with (plans, rules, meetings, buildings). */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => ballotOpenOptions(ctx, { topicId: params.id }));
