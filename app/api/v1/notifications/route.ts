import { apiRoute } from "@/lib/api/handler";
import { listNotifications } from "@/lib/notifications/list";

/** The caller's own messages, newest first, 20 a page (?page=, ?unread=1). */
export const GET = apiRoute(({ req, ctx }) => listNotifications(ctx, Object.fromEntries(req.nextUrl.searchParams)));
