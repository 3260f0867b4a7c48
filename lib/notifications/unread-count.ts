import { and, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { notifications } from "@/db/schema";

/** Unread messages in a person's inbox (served by the notifications_person_unread index). */
export function unreadCount(db: DB, personId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  );
}
