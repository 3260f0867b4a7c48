import { sql } from "drizzle-orm";
import { customType, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { topics } from "./topics";

/** PostgreSQL's tsvector: only ever written by the database itself (a generated column). */
const tsvector = customType<{ data: string }>({
  dataType() {
    return "tsvector";
  },
});

/**
 * Full-text search over topics, the PostgreSQL twin of SQLite's FTS5 table topic_search.
 * title/body hold exactly what SQLite stores: the words Intl.Segmenter found, space-separated
 * (lib/search/segment.ts). The 'simple' configuration then only lower-cases and splits on those
 * spaces — no stemming, no stop words, no extension Debian lacks — so both engines index the same
 * words. Title words carry weight A, body words B (ranked like SQLite's bm25 weights 5 : 1).
 */
export const topicSearch = pgTable(
  "topic_search",
  {
    topicId: integer("topic_id")
      .primaryKey()
      .references(() => topics.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    document: tsvector("document").generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, title), 'A') || setweight(to_tsvector('simple'::regconfig, body), 'B')`,
    ),
  },
  (t) => [index("topic_search_document_idx").using("gin", t.document)],
);
