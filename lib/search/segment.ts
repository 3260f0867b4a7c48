import { plainText } from "@/lib/richtext/document";

/**
 * Chinese has no spaces between words, and SQLite's tokenizers cut on spaces (unicode61) or on
 * three characters (trigram, which misses 电梯 and 停车). So text is segmented into words with
 * Intl.Segmenter (ICU's dictionary) before it is indexed, and queries are segmented the same way.
 */
const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

export function words(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text.toLowerCase())) if (s.isWordLike) out.push(s.segment);
  return out;
}

/** Text as stored in the FTS table: its words, space-separated. */
export function segmentForIndex(text: string): string {
  return words(text).join(" ");
}

/**
 * The search terms in what a person typed: its distinct words, at most 12 of its first 200
 * characters. Both engines build their queries from these (ftsQuery; lib/search/pg-text-search.ts).
 */
export function queryWords(input: string): string[] {
  return [...new Set(words(input.slice(0, 200)))].slice(0, 12);
}

/** The terms of a "similar topics" query: single Latin letters and digits say too little to match on their own. */
export function anyQueryWords(input: string): string[] {
  return [...new Set(words(input.slice(0, 200)))].filter((t) => t.length >= 2 || /[a-z0-9]/.test(t) === false).slice(0, 12);
}

/**
 * A topic's search entry, the same on both engines: its title, and as body its description,
 * location and the opinions still visible, each as space-separated words.
 */
export function topicSearchText(topic: { title: string; description: { content?: unknown[] }; location: string; opinions: string[] }): { title: string; body: string } {
  const body = [plainText(topic.description), topic.location, ...topic.opinions].join("\n");
  return { title: segmentForIndex(topic.title), body: segmentForIndex(body) };
}

/**
 * An FTS5 MATCH expression for what a person typed: every word must appear, as a word or the
 * start of one (停车 finds 停车位). Each word is quoted, so operators and SQL-shaped input are
 * taken literally. Null when nothing searchable remains.
 */
export function ftsQuery(input: string): string | null {
  const terms = queryWords(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"*`).join(" ");
}

/** Like ftsQuery, but any word may match: for "similar topics" while a title is being typed. */
export function ftsAnyQuery(input: string): string | null {
  const terms = anyQueryWords(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"*`).join(" OR ");
}
