import { and, eq, isNull, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { notifications } from "@/db/schema";
import { first } from "@/db/query";

/** Unread messages in a person's inbox (served by the notifications_person_unread index). */
export async function unreadCount(db: DB, personId: number): Promise<number> {
  return (
    (await first(db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.personId, personId), isNull(notifications.readAt)))))?.n ?? 0
  );
}
