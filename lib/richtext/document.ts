import { z } from "zod";

/**
 * The rich-text documents residents and staff write (topic descriptions, minutes, plans) are
 * tiptap JSON. Only the nodes and marks of our editor are accepted, with bounded size and depth,
 * so nothing else can be smuggled in through the API.
 */
export const allowedNodes = ["doc", "paragraph", "text", "heading", "bulletList", "orderedList", "listItem", "blockquote", "hardBreak", "horizontalRule"] as const;
export const allowedMarks = ["bold", "italic", "strike", "underline", "link"] as const;

type RichNode = {
  type: (typeof allowedNodes)[number];
  attrs?: Record<string, unknown>;
  content?: RichNode[];
  text?: string;
  marks?: { type: (typeof allowedMarks)[number]; attrs?: Record<string, unknown> }[];
};

const safeHref = z
  .string()
  .max(2000)
  .refine((h) => /^(https?:|mailto:|tel:|\/)/i.test(h), { error: "unsafeLink" });

const mark = z.discriminatedUnion("type", [
  z.object({ type: z.literal("link"), attrs: z.object({ href: safeHref }).loose() }),
  z.object({ type: z.enum(["bold", "italic", "strike", "underline"]), attrs: z.record(z.string(), z.unknown()).optional() }),
]);

/** One node of a document; recursive (content holds nodes), so the API document names it. */
export const richTextNode: z.ZodType<RichNode> = z.lazy(() =>
  z.object({
    type: z.enum(allowedNodes),
    attrs: z.record(z.string(), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).optional(),
    content: z.array(richTextNode).max(2000).optional(),
    text: z.string().max(20_000).optional(),
    marks: z.array(mark).max(10).optional(),
  }),
);

/** Deeper than any list or quote a person writes; the recursive checks below must not run out of stack. */
export const MAX_RICH_TEXT_DEPTH = 32;

/** How deep a JSON value nests, counted without recursion (a hostile document may be 100 000 deep). */
function nesting(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    if (v && typeof v === "object") for (const child of Object.values(v)) if (child && typeof child === "object") stack.push([child, d + 1]);
  }
  return deepest;
}

export const richTextDocument = z.preprocess(
  (v, ctx) => {
    // Each node is an object inside a content array: two levels of JSON per level of the document.
    if (nesting(v, 2 * MAX_RICH_TEXT_DEPTH + 4) > 2 * MAX_RICH_TEXT_DEPTH + 4) {
      ctx.issues.push({ code: "custom", message: "richTextTooDeep", input: v });
      return z.NEVER;
    }
    return v;
  },
  z.object({ type: z.literal("doc"), content: z.array(richTextNode).max(2000).optional() }).refine((d) => JSON.stringify(d).length <= 200_000, { error: "textTooLong" }),
);
export type RichTextDocument = z.infer<typeof richTextDocument>;

/** Accepts the document as an object (API) or as its JSON string (form field). */
export const richTextInput = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, richTextDocument);

/** The plain text of a document, for search, previews and "is it empty?". */
export function plainText(doc: { content?: unknown[] } | RichNode): string {
  const parts: string[] = [];
  const walk = (n: RichNode) => {
    if (n.text) parts.push(n.text);
    n.content?.forEach(walk);
    if (["paragraph", "heading", "listItem", "blockquote"].includes(n.type)) parts.push("\n");
  };
  walk(doc as RichNode);
  return parts.join("").replace(/\n{2,}/g, "\n").trim();
}

/** A document of plain paragraphs, for text that arrives without formatting (API, seeds). */
export function documentFromText(text: string): RichTextDocument {
  return {
    type: "doc",
    content: text
      .split(/\n+/)
      .filter((p) => p.trim())
      .map((p) => ({ type: "paragraph" as const, content: [{ type: "text" as const, text: p }] })),
  };
}
