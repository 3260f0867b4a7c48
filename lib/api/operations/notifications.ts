import { z } from "zod";
import { listNotificationsQuery, markNotificationsReadInput } from "@/lib/validation/opinions";
import type { Operation } from "../operation";

const tags = ["inbox"];

/** The in-app inbox (站内消息): only ever the caller's own messages. */
export const notificationsOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/notifications",
    summary: "The caller's messages, newest first, 20 a page, with the unread count",
    tags,
    auth: true,
    query: listNotificationsQuery,
  },
  {
    method: "post",
    path: "/api/v1/notifications/read",
    summary: "Mark the caller's messages as read: the ids given, or all unread ones when ids is left out",
    tags,
    auth: true,
    body: markNotificationsReadInput,
    response: z.object({ marked: z.number(), unreadCount: z.number() }),
  },
];
