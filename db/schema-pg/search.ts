import { sql, type SQL } from "drizzle-orm";
import { customType, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { topics } from "./topics";

/** PostgreSQL's tsvector: only ever written by the database itself (a generated column). */
const tsvector = customType<{ data: string }>({
  dataType() {
    return "tsvector";
  },
});

/**
 * The characters Intl.Segmenter keeps inside a word (2.5, l'été, a:b, 1,000, 约翰·史密斯's ·, a_b)
 * but SQLite's unicode61 tokenizer cuts at. Both engines must see the same tokens, so PostgreSQL
 * reads them as spaces too (lib/search/pg-text-search.ts cuts the query's words at the same ones).
 */
export const searchWordBreaks = ".,;:'_·’‘․﹒＇．，；：＿";

/**
 * A stored column as unicode61 tokenizes it: cut at searchWordBreaks and without Latin diacritics
 * (remove_diacritics 2: café and cafe are one word). translate() is locale-independent, unlike
 * regex classes, which in a "C" database would not count 电梯 as letters.
 */
const tokenText = (column: string): SQL =>
  sql.raw(
    `regexp_replace(normalize(translate(${column}, '${searchWordBreaks.replaceAll("'", "''")}', '${" ".repeat([...searchWordBreaks].length)}'), NFD), '[\\u0300-\\u036f]', '', 'g')`,
  );

/**
 * Full-text search over topics, the PostgreSQL twin of SQLite's FTS5 table topic_search.
 * title/body hold exactly what SQLite stores: the words Intl.Segmenter found, space-separated
 * (lib/search/segment.ts). The 'simple' configuration then only lower-cases and splits on those
 * spaces — no stemming, no stop words, no extension Debian lacks. Title words carry weight A, body
 * words B, so ranking can weigh them 5 : 1 as SQLite's bm25 does; `tokens` is the row's length in
 * tokens (bm25's document length, and with its index the corpus' average length, read cheaply).
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
      sql`setweight(to_tsvector('simple'::regconfig, ${tokenText("title")}), 'A') || setweight(to_tsvector('simple'::regconfig, ${tokenText("body")}), 'B')`,
    ),
    tokens: integer("tokens").generatedAlwaysAs(
      sql`cardinality(array_remove(string_to_array(${tokenText("title || ' ' || body")}, ' '), ''))`,
    ),
  },
  (t) => [index("topic_search_document_idx").using("gin", t.document), index("topic_search_tokens_idx").on(t.tokens)],
);
