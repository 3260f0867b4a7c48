import { and, eq, isNull, sql } from "drizzle-orm";
import type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type * as pgSchema from "@/db/schema-pg";
import { opinions, searchWordBreaks, topicSearch, topics } from "@/db/schema-pg";
import { topicSearchText } from "./segment";

/**
 * Topic search on PostgreSQL: the same results, in the same order, as SQLite's FTS5 table
 * (lib/search/index-topic.ts, lib/search/search-topics.ts, lib/search/segment.ts).
 *
 * - Both store the same text: Intl.Segmenter's words, space-separated (topicSearchText).
 * - Both see the same tokens: db/schema-pg/search.ts cuts the text where unicode61 does and drops
 *   Latin diacritics before to_tsvector('simple'), and termQuery cuts the query's words alike.
 * - Both match alike: every word (or any, for similar topics) as a token or the start of one; a
 *   word unicode61 cuts in pieces (2.5) is a phrase whose last piece is a prefix, as FTS5's "2.5"*.
 * - Both rank alike: FTS5's bm25 (k1 1.2, b 0.75, idf floored at 1e-6, title 5 : body 1) computed
 *   in SQL from the tsvector's positions and the rows' token counts, ties broken by id (FTS5 hands
 *   out equal ranks in rowid order). ts_rank would not: it knows neither idf nor document length,
 *   so a topic naming 电梯 in six opinions and a topic naming it once in its title would swap.
 *
 * Operator input is inert: a query is built only from the words the segmenter finds (never from
 * quotes, &, |, !, :*, parentheses), each piece quoted as a tsquery lexeme, and the whole passed
 * as a bound parameter.
 */

/** A database or transaction on PostgreSQL (drizzle over node-postgres). */
export type PgDB = PgDatabase<NodePgQueryResultHKT, typeof pgSchema>;

/** Writes a topic's search entry (already segmented, as topicSearchText returns it). */
export async function pgSaveTopicSearch(db: PgDB, topicId: number, entry: { title: string; body: string }): Promise<void> {
  await db
    .insert(topicSearch)
    .values({ topicId, title: entry.title, body: entry.body })
    .onConflictDoUpdate({ target: topicSearch.topicId, set: { title: entry.title, body: entry.body } });
}

/** Rewrites a topic's search entry from its title, description, location and visible opinions (reindexTopic's twin). */
export async function pgReindexTopic(db: PgDB, topicId: number): Promise<void> {
  const [topic] = await db
    .select({ title: topics.title, description: topics.descriptionJson, location: topics.location })
    .from(topics)
    .where(eq(topics.id, topicId));
  if (!topic) {
    await db.delete(topicSearch).where(eq(topicSearch.topicId, topicId));
    return;
  }
  const said = await db
    .select({ body: opinions.body })
    .from(opinions)
    .where(and(eq(opinions.topicId, topicId), isNull(opinions.hiddenAt)))
    .orderBy(opinions.id);
  const entry = topicSearchText({
    title: topic.title,
    description: topic.description as { content?: unknown[] },
    location: topic.location,
    opinions: said.map((o) => o.body),
  });
  await pgSaveTopicSearch(db, topicId, entry);
}

const breaks = new RegExp(`[${[...searchWordBreaks].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join("")}]+`, "u");

/** A query word as unicode61 tokenizes it: without Latin diacritics, cut at the word breaks. */
export function termPieces(word: string): string[] {
  return word
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(breaks)
    .filter((p) => p !== "");
}

/** A tsquery lexeme in quotes: quotes doubled, backslashes escaped, so nothing in it is an operator. */
const lexeme = (piece: string) => `'${piece.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/** FTS5's "word"* in tsquery syntax: the pieces in a row, the last one a prefix. */
function termQuery(pieces: string[]): string {
  return pieces.map((p, i) => (i === pieces.length - 1 ? `${lexeme(p)}:*` : lexeme(p))).join(" <-> ");
}

/**
 * Topic ids whose entry holds every one of `words` (or any, with `any`), best first, as
 * matchingTopicIds returns them on SQLite for ftsQuery(…) / ftsAnyQuery(…) of the same input.
 * `words` are queryWords(input) or anyQueryWords(input) (lib/search/segment.ts).
 */
export async function pgMatchingTopicIds(
  db: PgDB,
  words: string[],
  opts: { any?: boolean; limit?: number } = {},
): Promise<{ id: number; rank: number }[]> {
  const terms = words.map(termPieces).filter((pieces) => pieces.length > 0);
  if (terms.length === 0) return [];
  const queries = terms.map(termQuery);
  const wanted = queries.map((q) => `(${q})`).join(opts.any ? " | " : " & ");
  // Pieces never hold a space (the segmenter's words have none): one string per word, split in SQL.
  const pieces = terms.map((p) => p.join(" "));
  // The word's weighted instances in a row (title 5, body 1): the tokens it starts; for a word in
  // pieces, the positions where they follow one another, the last as a prefix. The phrase form
  // only when a word needs it: its per-row subqueries cost more, in fact and in the planner's eyes.
  const instances = terms.some((p) => p.length > 1)
    ? sql`
        WITH toks AS (
          SELECT u.lexeme, p.pos, p.w
          FROM unnest(hits.document) u
          CROSS JOIN LATERAL unnest(u.positions, u.weights) AS p(pos, w)
          WHERE u.lexeme = ANY (idf.pieces) OR starts_with(u.lexeme, idf.pieces[idf.k])
        )
        SELECT coalesce(sum(CASE s.w WHEN 'A' THEN 5::float8 ELSE 1::float8 END), 0::float8) AS f
        FROM toks s
        WHERE starts_with(s.lexeme, idf.pieces[1])
          AND (idf.k = 1 OR s.lexeme = idf.pieces[1])
          AND (
            SELECT count(*) FROM toks x
            WHERE x.pos BETWEEN s.pos AND s.pos + idf.k - 1
              AND CASE WHEN x.pos - s.pos + 1 < idf.k THEN x.lexeme = idf.pieces[x.pos - s.pos + 1] ELSE starts_with(x.lexeme, idf.pieces[idf.k]) END
          ) = idf.k`
    : sql`
        SELECT coalesce(sum(CASE w WHEN 'A' THEN 5::float8 ELSE 1::float8 END), 0::float8) AS f
        FROM unnest(hits.document) u CROSS JOIN LATERAL unnest(u.weights) AS w
        WHERE starts_with(u.lexeme, idf.pieces[1])`;
  // bm25 as FTS5 computes it (fts5_aux.c, fts5Bm25Function): every constant float8 and every step
  // in its order, so equal inputs give bit-equal ranks on both engines and ties fall to the id.
  const result = await db.execute<{ id: number; rank: number }>(sql`
    WITH terms AS MATERIALIZED (
      SELECT t.i, to_tsquery('simple', t.query) AS query, string_to_array(t.pieces, ' ') AS pieces
      FROM unnest(${sql.param(queries)}::text[], ${sql.param(pieces)}::text[]) WITH ORDINALITY AS t(query, pieces, i)
    ),
    corpus AS MATERIALIZED (
      SELECT count(*)::float8 AS n, coalesce(sum(tokens), 0)::float8 AS total FROM topic_search
    ),
    idf AS MATERIALIZED (
      SELECT terms.i, terms.pieces, cardinality(terms.pieces) AS k,
             CASE WHEN l.x <= 0 THEN 1e-6::float8 ELSE l.x END AS idf
      FROM terms
      CROSS JOIN corpus
      CROSS JOIN LATERAL (SELECT count(*)::float8 AS hits FROM topic_search s WHERE s.document @@ terms.query) h
      CROSS JOIN LATERAL (SELECT ln((corpus.n - h.hits + 0.5::float8) / (h.hits + 0.5::float8)) AS x) l
    ),
    hits AS (
      SELECT s.topic_id, s.document, s.tokens::float8 AS d
      FROM topic_search s
      WHERE s.document @@ to_tsquery('simple', ${wanted})
    ),
    scored AS (
      SELECT hits.topic_id, sc.score
      FROM hits
      CROSS JOIN corpus
      CROSS JOIN LATERAL (
        SELECT sum(idf.idf * ((f.f * (1.2::float8 + 1.0::float8)) / (f.f + 1.2::float8 * (1::float8 - 0.75::float8 + 0.75::float8 * hits.d / (corpus.total / corpus.n))))
                   ORDER BY idf.i) AS score
        FROM idf CROSS JOIN LATERAL (${instances}) f
      ) sc
    )
    SELECT topic_id AS id, -1::float8 * score AS rank
    FROM scored
    ORDER BY rank, id
    LIMIT ${opts.limit ?? 1000}
  `);
  return result.rows.map((r) => ({ id: Number(r.id), rank: Number(r.rank) }));
}
