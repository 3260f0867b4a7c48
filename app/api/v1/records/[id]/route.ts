import { publicApiRoute } from "@/lib/api/handler";
import { getPublicRecord } from "@/lib/records/get-public-record";

/** A topic's public decision record: no sign-in; 404 until a notice of the decision is posted. */
export const GET = publicApiRoute<{ id: string }>(({ ctx, params }) => getPublicRecord(ctx, { topicId: params.id }));
