import { and, eq, isNull, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { opinions, topics } from "@/db/schema";
import { topicSearchText } from "./segment";

/** Rewrites a topic's search entry from its title, description, location and visible opinions. */
export function reindexTopic(tx: DB | Tx, topicId: number): void {
  tx.run(sql`DELETE FROM topic_search WHERE rowid = ${topicId}`);
  const topic = tx
    .select({ title: topics.title, description: topics.descriptionJson, location: topics.location })
    .from(topics)
    .where(eq(topics.id, topicId))
    .get();
  if (!topic) return;
  const said = tx
    .select({ body: opinions.body })
    .from(opinions)
    .where(and(eq(opinions.topicId, topicId), isNull(opinions.hiddenAt)))
    .all()
    .map((o) => o.body);
  const entry = topicSearchText({ title: topic.title, description: topic.description as { content?: unknown[] }, location: topic.location, opinions: said });
  tx.run(sql`INSERT INTO topic_search (rowid, title, body) VALUES (${topicId}, ${entry.title}, ${entry.body})`);
}
