import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type { TopicRecord } from "@/lib/exports/topic-record";
import { topicRecordPdf } from "@/lib/exports/topic-record-layout.mjs";
import { messages } from "@/lib/i18n/messages";

// The headings and field names, from the message catalog as the app passes them.
const { figures: _, ...labels } = messages["zh-CN"].topics.record;

// Any TrueType font lays out (Chinese glyphs come out blank without a CJK one); the machine may lack fonts-noto-cjk.
const fontPath = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"].find((f) => fs.existsSync(f));
const font = fontPath?.endsWith(".ttc") ? { path: fontPath, family: "NotoSansCJKsc-Regular" } : { path: fontPath ?? "" };

/** A record as getTopicRecord returns it: plain data, no database anywhere. */
function record(timelineLength: number): TopicRecord {
  return {
    id: 42,
    title: "电动车进楼道充电问题 (一号楼)",
    grid: "第一网格",
    item: "楼道堆物",
    proposer: "王芳",
    state: "已办结",
    createdAt: "2026-03-01 10:30",
    closedAt: "2026-04-11 00:05",
    description: "一楼楼道停放电动车，存在消防隐患。\n希望统一规划充电棚。",
    timeline: Array.from({ length: timelineLength }, (_, i) => ({ at: "2026-03-02 09:00", actor: "李明", what: "发表意见", note: `第 ${i} 条意见的摘要` })),
    conclusions: [{ meeting: "三月网格议事会", at: "2026-03-10 19:00", conclusion: "同意起草充电棚方案" }],
    plans: [{ title: "建设充电棚", revision: 2, responsible: "测试物业", budget: "12345.50 元", deadline: "2026-05-01" }],
    ballots: [
      { title: "表决：建设充电棚", rule: "过半数通过", passed: true, opensAt: "2026-03-01 10:30", closesAt: "2026-04-11 00:05", earlyClose: null, figures: [["应参与", "40"], ["已参与", "31"], ["同意", "25 票"]] },
    ],
    resolutions: [{ number: "T决〔2026〕42号", title: "关于建设充电棚的决议", text: "同意建设充电棚。" }],
    ratings: [{ round: 1, count: 1, means: [["过程规范", "5.00"]], satisfaction: [["满意", 1]] }],
  };
}

/** The pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree) are never compressed. */
const pageCount = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

/** The document's title as a reader shows it: the string its info's /Title refers to, read back from UTF-16BE. */
function documentTitle(pdf: Buffer): string {
  const text = pdf.toString("latin1");
  const ref = /\/Title (\d+) 0 R/.exec(text)?.[1];
  const head = `\n${ref} 0 obj\n(`;
  const start = text.indexOf(head) + head.length;
  expect(ref && start > head.length).toBeTruthy();
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
  for (let i = start; text[i] !== ")"; i++) {
    if (text[i] === "\\") {
      const c = text[++i]!;
      bytes.push(escapes[c] ?? c.charCodeAt(0));
    } else bytes.push(text.charCodeAt(i));
  }
  // A title with Chinese in it is UTF-16BE after a byte-order mark.
  return Buffer.from(bytes.slice(2)).swap16().toString("utf16le");
}

describe("the topic record PDF layout: a function of plain data", () => {
  it.runIf(fontPath)("lays a short record out on one A4 page, titled with the topic", async () => {
    const pdf = Buffer.from(await topicRecordPdf({ record: record(3), font, generatedAt: "2026-04-12 08:00", labels }));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageCount(pdf)).toBe(1);
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
    expect(documentTitle(pdf)).toBe("议题记录 #42 电动车进楼道充电问题 (一号楼)");
  }, 30_000);

  it.runIf(fontPath)("runs a long timeline over as many pages as it needs", async () => {
    const pdf = Buffer.from(await topicRecordPdf({ record: record(300), font, generatedAt: "2026-04-12 08:00", labels }));
    expect(pageCount(pdf)).toBeGreaterThan(4);
    expect(documentTitle(pdf)).toContain("电动车进楼道充电问题");
  }, 30_000);
});
