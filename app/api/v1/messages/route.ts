import { apiRoute } from "@/lib/api/handler";
import { getMessagesOverview } from "@/lib/notify/get-messages-overview";

/** Community admins: the outbox — SMS status (never a key), counts by status, failed and latest messages (?communityId=). */
export const GET = apiRoute(({ req, ctx }) => getMessagesOverview(ctx, Object.fromEntries(req.nextUrl.searchParams)));
