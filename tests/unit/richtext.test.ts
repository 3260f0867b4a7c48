import { describe, expect, test } from "vitest";
import { documentFromText, plainText, richTextDocument, richTextInput } from "@/lib/richtext/document";
import { renderRichText } from "@/lib/richtext/render";

const para = (text: string, marks?: unknown[]) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text, ...(marks ? { marks } : {}) }] }] });

describe("rich text from residents is stored as validated tiptap JSON and shown as inert HTML", () => {
  test("markup typed as text is escaped, formatting is kept", () => {
    const html = renderRichText(richTextDocument.parse(para("楼道<script>alert(1)</script>堆物", [{ type: "bold" }])));
    expect(html).toBe("<p><strong>楼道&lt;script&gt;alert(1)&lt;/script&gt;堆物</strong></p>");
  });

  test("javascript: and data: links are refused; http links get rel=noopener", () => {
    for (const href of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>", "vbscript:x"]) {
      expect(() => richTextDocument.parse(para("点我", [{ type: "link", attrs: { href } }]))).toThrow();
    }
    const html = renderRichText(richTextDocument.parse(para("通知", [{ type: "link", attrs: { href: "https://example.org/a" } }])));
    expect(html).toContain('href="https://example.org/a"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  test("unknown node types (images, iframes, raw html) are refused", () => {
    for (const type of ["image", "iframe", "html", "codeBlock"]) {
      expect(() => richTextDocument.parse({ type: "doc", content: [{ type }] })).toThrow();
    }
  });

  test("a form field carries the document as a JSON string", () => {
    expect(richTextInput.parse(JSON.stringify(para("电梯")))).toEqual(para("电梯"));
    expect(() => richTextInput.parse("{not json")).toThrow();
  });

  test("plain text and documents from plain text round-trip", () => {
    const doc = documentFromText("第一段\n\n第二段");
    expect(doc.content).toHaveLength(2);
    expect(plainText(doc)).toBe("第一段\n第二段");
  });
});
