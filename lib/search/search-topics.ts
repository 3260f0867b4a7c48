import { sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { isPgHandle } from "@/db/pg/engine";
import { ftsAnyQuery, ftsQuery, anyQueryWords, queryWords } from "./segment";
import { pgMatchingTopicIds, type PgDB } from "./pg-text-search";

/**
 * Topic ids matching what a person typed, best first (title words weigh five times body words):
 * every word (or, with `any`, any word) as a word or the start of one. SQLite answers from its FTS5
 * table; PostgreSQL from a tsvector ranked by the same bm25 (lib/search/pg-text-search.ts), with the
 * same ids in the same order. Empty when nothing searchable was typed.
 */
export async function matchingTopicIds(db: DB, input: string, opts: { any?: boolean; limit?: number } = {}): Promise<{ id: number; rank: number }[]> {
  const limit = opts.limit ?? 1000;
  if (isPgHandle(db)) return pgMatchingTopicIds(db as unknown as PgDB, opts.any ? anyQueryWords(input) : queryWords(input), { any: opts.any, limit });
  const match = opts.any ? ftsAnyQuery(input) : ftsQuery(input);
  if (!match) return [];
  return db.all<{ id: number; rank: number }>(
    sql`SELECT rowid AS id, bm25(topic_search, 5.0, 1.0) AS rank FROM topic_search WHERE topic_search MATCH ${match} ORDER BY rank LIMIT ${limit}`,
  );
}
