import { and, eq, ne, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { tasks, type Topic } from "@/db/schema";

/** Tasks of the topic's current round that are not completed: the state machine's `openTaskCount`. */
export function openTaskCount(tx: DB | Tx, topic: Pick<Topic, "id" | "rectificationRound">): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(tasks)
      .where(and(eq(tasks.topicId, topic.id), eq(tasks.round, topic.rectificationRound), ne(tasks.status, "completed")))
      .get()?.n ?? 0
  );
}
