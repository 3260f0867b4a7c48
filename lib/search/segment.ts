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
 * An FTS5 MATCH expression for what a person typed: every word must appear, as a word or the
 * start of one (停车 finds 停车位). Each word is quoted, so operators and SQL-shaped input are
 * taken literally. Null when nothing searchable remains.
 */
export function ftsQuery(input: string): string | null {
  const terms = [...new Set(words(input.slice(0, 200)))].slice(0, 12);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"*`).join(" ");
}

/** Like ftsQuery, but any word may match: for "similar topics" while a title is being typed. */
export function ftsAnyQuery(input: string): string | null {
  const terms = [...new Set(words(input.slice(0, 200)))].filter((t) => t.length >= 2 || /[a-z0-9]/.test(t) === false).slice(0, 12);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"*`).join(" OR ");
}
