import { and, eq, ne, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { tasks, type Topic } from "@/db/schema";
import { first } from "@/db/query";

/** Tasks of the topic's current round that are not completed: the state machine's `openTaskCount`. */
export async function openTaskCount(tx: DB | Tx, topic: Pick<Topic, "id" | "rectificationRound">): Promise<number> {
  return (
    (await first(tx
      .select({ n: sql<number>`count(*)` })
      .from(tasks)
      .where(and(eq(tasks.topicId, topic.id), eq(tasks.round, topic.rectificationRound), ne(tasks.status, "completed")))))?.n ?? 0
  );
}
