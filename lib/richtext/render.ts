import { generateHTML } from "@tiptap/html/server";
import StarterKit from "@tiptap/starter-kit";
import sanitizeHtml from "sanitize-html";
import type { RichTextDocument } from "./document";

const extensions = [StarterKit.configure({ codeBlock: false, code: false })];

/**
 * Server-side HTML of a validated document. The document schema already refuses unknown nodes and
 * unsafe links; sanitize-html is the second fence, so that stored HTML is inert whatever happens upstream.
 */
export function renderRichText(doc: RichTextDocument): string {
  const html = generateHTML(doc as never, extensions);
  return sanitizeHtml(html, {
    allowedTags: ["p", "br", "strong", "em", "s", "u", "a", "h1", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr"],
    allowedAttributes: { a: ["href", "rel", "target"] },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }) },
  });
}
