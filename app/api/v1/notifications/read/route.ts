import { apiRoute, readJson } from "@/lib/api/handler";
import { markNotificationsRead } from "@/lib/notifications/mark-read";

/** Mark the caller's messages as read: { ids: [...] }, or all unread ones with an empty body. */
export const POST = apiRoute(async ({ req, ctx }) => markNotificationsRead(ctx, await readJson(req)));
