/**
 * What read-aloud (朗读) says for a piece of the page: the words of the rich text as a listener
 * should hear them. Pure (no DOM), so the server hands the button its text and a unit test can
 * check it: tags go, entities are decoded, each block (paragraph, heading, list item, quote,
 * line break) ends with a pause — a full stop when the writer left none, so the speech engine
 * does not run two lines into one — and link addresses, scripts and styles are never read out.
 */

const blockEnd = /<\/(p|h[1-6]|li|blockquote|div|section|article|tr|dd|dt)\s*>|<br\s*\/?>|<hr\s*\/?>/gi;
const dropped = /<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ldquo: "“", rdquo: "”", lsquo: "‘", rsquo: "’", mdash: "—", ndash: "–", hellip: "…", middot: "·", yen: "¥" };
/** Marks that already end a sentence, in Chinese and in English. */
const endsSentence = /[。！？；：.!?;:…]$/;

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "";
    }
    return named[code.toLowerCase()] ?? whole;
  });
}

/** One line of speech per block of the HTML, each ending in a stop. */
export function readableLines(html: string): string[] {
  const marked = html.replace(dropped, "").replace(blockEnd, "\n").replace(/<[^>]*>/g, "");
  return decode(marked)
    .split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l) => /[\p{L}\p{N}]/u.test(l))
    .map((l) => (endsSentence.test(l) ? l : `${l}${/[\u3400-\u9fff]/.test(l) ? "。" : "."}`));
}

/**
 * The whole text to read, parts in order: a title, then rich-text HTML or plain text. Empty parts
 * are skipped; the result is empty when there is nothing to say (the button is then not shown).
 */
export function readableText(parts: ({ html: string } | { text: string } | null | undefined | false)[]): string {
  return parts
    .flatMap((p) => (!p ? [] : "html" in p ? readableLines(p.html) : readableLines(escapeText(p.text))))
    .join("\n");
}

const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");
