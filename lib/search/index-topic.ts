import { and, eq, isNull, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { opinions, topics } from "@/db/schema";
import { topicSearchText } from "./segment";
import { first } from "@/db/query";

/** Rewrites a topic's search entry from its title, description, location and visible opinions. */
export async function reindexTopic(tx: DB | Tx, topicId: number): Promise<void> {
  tx.run(sql`DELETE FROM topic_search WHERE rowid = ${topicId}`);
  const topic = await first(tx
    .select({ title: topics.title, description: topics.descriptionJson, location: topics.location })
    .from(topics)
    .where(eq(topics.id, topicId)));
  if (!topic) return;
  const said = (await tx
    .select({ body: opinions.body })
    .from(opinions)
    .where(and(eq(opinions.topicId, topicId), isNull(opinions.hiddenAt))))
    .map((o) => o.body);
  const entry = topicSearchText({ title: topic.title, description: topic.description as { content?: unknown[] }, location: topic.location, opinions: said });
  tx.run(sql`INSERT INTO topic_search (rowid, title, body) VALUES (${topicId}, ${entry.title}, ${entry.body})`);
}
