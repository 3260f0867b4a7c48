import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { activationLettersPdf, activationUrl } from "@/lib/activation/letters-layout.mjs";
import { pdfPagesText } from "../helpers/pdf-text";

const fontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const names = "张建国 李秀英 王小明 赵一 钱二 孙三 周四 吴五 郑六 王七 冯八 陈九".split(" ");
const household = (members: number, unit: string) => ({
  unitId: members,
  grid: "第一网格",
  building: "3号楼",
  unit,
  people: names.slice(0, members).map((name, j) => ({ name, role: (j < 2 ? "owner" : "resident") as "owner" | "resident", code: `K7MQP-3XH9${"DEFGHJKLMNPQ"[j]}` })),
  contact: members % 2 ? { name: "刘网格", phone: "13800000101" } : null,
});

describe.runIf(fs.existsSync(fontPath))("the activation letters PDF", () => {
  it("prints one page per household whatever its size, every member's code whole on its own line, the letterhead, expiry and contact", async () => {
    const sizes = [1, 2, 3, 6, 7, 12];
    const bytes = await activationLettersPdf({
      letters: { letterhead: { district: "西湖区", street: "北山街道", community: "湖畔社区" }, expiresOn: "2027-01-06", households: sizes.map((n, i) => household(n, `${101 + i}`)) },
      font: { path: fontPath, family: "NotoSansCJKsc-Regular" },
      origin: "https://council.example.org",
    });
    const pages = pdfPagesText(bytes);
    expect(pages).toHaveLength(sizes.length);
    pages.forEach((lines, i) => {
      expect(lines[0]).toBe("西湖区 北山街道 湖畔社区");
      expect(lines).toContain(`第一网格　3号楼　${101 + i} 室`);
      expect(lines).toContain("激活码有效期至 2027年1月6日，过期请找网格员重新领取。");
      for (const [j, name] of names.slice(0, sizes[i]).entries()) {
        const at = lines.indexOf(`${name}（${j < 2 ? "业主" : "住户"}）`);
        expect(at, `${name} on page ${i + 1}`).toBeGreaterThan(0);
        expect(lines[at + 1]).toBe(`激活码：K7MQP-3XH9${"DEFGHJKLMNPQ"[j]}`);
      }
    });
    expect(pages[0]).toContain("有疑问请联系网格员 刘网格，电话 13800000101。");
    expect(pages[1]).toContain("有疑问请联系第一网格网格员。");
    // Each QR code is also a link to the same address, for a letter read on a screen.
    const pdf = Buffer.from(bytes).toString("latin1");
    expect(pdf.match(/\/URI \(https:\/\/council\.example\.org\/activate\?code=K7MQP-3XH9D\)/g)).toHaveLength(sizes.length);
    expect(activationUrl("https://council.example.org", "K7MQP-3XH9D")).toBe("https://council.example.org/activate?code=K7MQP-3XH9D");
  });
});
