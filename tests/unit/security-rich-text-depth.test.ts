import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { describeError } from "@/lib/describe-error";
import { documentFromText, MAX_RICH_TEXT_DEPTH, plainText, richTextInput } from "@/lib/richtext/document";

/** A document of `depth` nested lists, built as JSON text (deeper than JSON.stringify's own stack allows). */
const nestedJson = (depth: number) =>
  '{"type":"doc","content":[' + Array.from({ length: depth }, (_, i) => `{"type":"${i % 2 ? "listItem" : "bulletList"}","content":[`).join("") + '{"type":"text","text":"深"}' + "]}".repeat(depth) + "]}";

describe("a rich-text document nested without end is refused, not a stack overflow", () => {
  test.each([[200], [5_000], [100_000]])("%i levels deep: a 422 with a message in both languages", (depth) => {
    const parsed = richTextInput.safeParse(JSON.parse(nestedJson(depth)));
    expect(parsed.success).toBe(false);
    const e = (parsed as { error: ZodError }).error;
    expect(describeError(e, "zh-CN")).toMatchObject({ status: 422, body: { message: "格式嵌套的层数太多，请减少列表或引用的层级" } });
    expect(describeError(e, "en").body.message).toContain("nested too deeply");
  });

  test("the same as a form field (JSON text) is refused too", () => {
    expect(richTextInput.safeParse(nestedJson(5_000)).success).toBe(false);
  });

  test("lists nested as deep as anyone writes them still pass", () => {
    const ok = richTextInput.parse(JSON.parse(nestedJson(MAX_RICH_TEXT_DEPTH - 2)));
    expect(plainText(ok)).toContain("深");
    expect(richTextInput.parse(documentFromText("第一段\n第二段")).type).toBe("doc");
  });
});
