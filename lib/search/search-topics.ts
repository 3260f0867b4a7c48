import { sql } from "drizzle-orm";
import type { DB } from "@/db/client";

/** Topic ids matching an FTS5 expression, best first (title words weigh five times body words). */
export function matchingTopicIds(db: DB, match: string, limit = 1000): { id: number; rank: number }[] {
  return db.all<{ id: number; rank: number }>(
    sql`SELECT rowid AS id, bm25(topic_search, 5.0, 1.0) AS rank FROM topic_search WHERE topic_search MATCH ${match} ORDER BY rank LIMIT ${limit}`,
  );
}
