import { and, eq, isNull, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { isPgHandle } from "@/db/pg/engine";
import { opinions, topics } from "@/db/schema";
import { first } from "@/db/query";
import { pgReindexTopic, type PgDB } from "./pg-text-search";
import { topicSearchText } from "./segment";

/** Rewrites a topic's search entry from its title, description, location and visible opinions. */
export async function reindexTopic(tx: DB | Tx, topicId: number): Promise<void> {
  // PostgreSQL keeps the entry in a tsvector table (lib/search/pg-text-search.ts); SQLite in FTS5.
  if (isPgHandle(tx)) return pgReindexTopic(tx as unknown as PgDB, topicId);
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
