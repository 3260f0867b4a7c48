import { describe, expect, it } from "vitest";
import { renderRichText } from "@/lib/richtext/render";
import { formatDate } from "@/lib/i18n/dates";
import { elderCookie, isElderMode } from "@/lib/i18n/elder-mode";
import { readableLines, readableText } from "@/lib/richtext/readable-text";
import { fromShanghai } from "@/lib/time";

describe("read-aloud text (朗读)", () => {
  it("reads each block of a plan as its own sentence, without tags or link addresses", () => {
    const html = renderRichText({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "施工安排" }] },
        { type: "paragraph", content: [{ type: "text", text: "更换2号楼单元门禁，" }, { type: "text", marks: [{ type: "bold" }], text: "预算 3,000 元" }] },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "周一拆除旧门禁" }] }] },
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "周三安装新门禁！" }] }] },
          ],
        },
        { type: "paragraph", content: [{ type: "text", marks: [{ type: "link", attrs: { href: "https://example.com/plan" } }], text: "详见附件" }] },
      ],
    } as never);
    expect(readableLines(html)).toEqual(["施工安排。", "更换2号楼单元门禁，预算 3,000 元。", "周一拆除旧门禁。", "周三安装新门禁！", "详见附件。"]);
    expect(readableText([{ html }])).not.toContain("example.com");
  });

  it("decodes entities and drops scripts, styles and empty blocks", () => {
    const html = `<p>A &amp; B &lt;3&gt; &#x4E00;&#20108;</p><p>&nbsp;</p><script>alert("x")</script><style>p{}</style><p>  多个   空格  </p><br><p>Done.</p>`;
    expect(readableLines(html)).toEqual(["A & B <3> 一二。", "多个 空格。", "Done."]);
  });

  it("reads a ballot question: its title, then the plan, skipping what is missing", () => {
    expect(readableText([{ text: "4号楼楼道感应灯更换方案" }, null, false, { html: "<p>全部更换为 LED 感应灯</p>" }, { text: "Agree or not?" }])).toBe(
      "4号楼楼道感应灯更换方案。\n全部更换为 LED 感应灯。\nAgree or not?",
    );
  });

  it("has nothing to say for an empty document", () => {
    expect(readableText([{ html: "<p></p><p> </p>" }, { text: "" }])).toBe("");
  });

  it("treats plain text as text, not as markup", () => {
    expect(readableText([{ text: "<b>通知</b>\n第二行" }])).toBe("<b>通知</b>。\n第二行。");
  });
});

describe("dates written one way (lib/i18n/dates.ts)", () => {
  const at = fromShanghai(2026, 12, 7, 14, 0);
  it("writes 2026年12月7日 14:00 in Chinese and the same form in English, on Beijing's 24-hour clock", () => {
    expect(formatDate(at, "zh-CN")).toBe("2026年12月7日 14:00");
    expect(formatDate(at, "zh-CN", "date")).toBe("2026年12月7日");
    expect(formatDate(at, "zh-CN", "time")).toBe("14:00");
    expect(formatDate(at, "zh-CN", "weekdayDateTime")).toBe("2026年12月7日星期一 14:00");
    expect(formatDate(at, "en")).toBe("December 7, 2026 at 14:00");
    expect(formatDate(at, "en", "date")).toBe("December 7, 2026");
  });
  it("is Beijing time whatever the server's zone: 23:30 UTC is the next morning", () => {
    expect(formatDate(new Date(Date.UTC(2026, 11, 6, 23, 30)), "zh-CN")).toBe("2026年12月7日 07:30");
  });
});

describe("elder mode (长辈模式) cookie", () => {
  it("is on only for the value the switch writes", () => {
    expect(isElderMode("1")).toBe(true);
    expect(isElderMode(undefined)).toBe(false);
    expect(isElderMode("0")).toBe(false);
    expect(isElderMode("true")).toBe(false);
    expect(elderCookie).toMatch(/^[a-z_]+$/);
  });
});
