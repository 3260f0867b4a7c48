import { describe, expect, test } from "vitest";
import { readSheet } from "@/lib/imports/sheet/read";
import { refusal } from "../helpers/refusal";
import { csvText, gbkBytes, utf8Bytes, xlsxBytes } from "../helpers/sheets";

const rows = [
  ["网格", "楼栋", "房号", "专有面积"],
  ["第一网格", "3号楼", "1502", "89.5"],
  ["第一网格", "3号楼", "1503", "１２０㎡"],
];

describe("readSheet", () => {
  test("UTF-8 CSV, with or without BOM, comma or tab separated; line numbers as in the file", async () => {
    for (const bytes of [utf8Bytes(csvText(rows)), utf8Bytes(csvText(rows), true), utf8Bytes(rows.map((r) => r.join("\t")).join("\n"))]) {
      const sheet = await readSheet(bytes, "a.csv");
      expect(sheet).toMatchObject({ fileName: "a.csv", format: "csv-utf8", header: rows[0] });
      expect(sheet.rows).toEqual([
        { line: 2, cells: ["第一网格", "3号楼", "1502", "89.5"] },
        { line: 3, cells: ["第一网格", "3号楼", "1503", "120m2"] },
      ]);
      expect(sheet.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test("GBK CSV (Excel on Chinese Windows) reads the same text and says csv-gbk", async () => {
    const sheet = await readSheet(gbkBytes(csvText(rows)), "b.csv");
    expect(sheet.format).toBe("csv-gbk");
    expect(sheet.header).toEqual(rows[0]);
    expect(sheet.rows.map((r) => r.cells[0])).toEqual(["第一网格", "第一网格"]);
  });

  test("blank lines before the header and between rows are skipped; the header is the first non-empty row", async () => {
    const sheet = await readSheet(utf8Bytes("\n,,\n网格,房号\n\n1,101\n"), "c.csv");
    expect(sheet.header).toEqual(["网格", "房号"]);
    expect(sheet.rows).toEqual([{ line: 5, cells: ["1", "101"] }]);
  });

  test("XLSX by content, whatever its name: numbers, formulas, rich text, dates, merged and blank cells as a person sees them", async () => {
    const bytes = await xlsxBytes(
      [
        ["网格", "楼栋", "房号", "专有面积", "开发商持有", "交房日期"],
        [1, "3号楼", 1502, 89.5, "否", new Date(Date.UTC(2020, 4, 1))],
        [1, null, { richText: [{ text: "15" }, { text: "03", font: { bold: true } }] }, { formula: "80+9.46", result: 89.46 }, true, null],
        [],
        [" 1 ", "", "1504", 0.1 + 0.2, null, null],
      ],
      (ws) => ws.mergeCells("B2:B3"),
    );
    const sheet = await readSheet(bytes, "estate.csv");
    expect(sheet.format).toBe("xlsx");
    expect(sheet.header).toEqual(["网格", "楼栋", "房号", "专有面积", "开发商持有", "交房日期"]);
    expect(sheet.rows).toEqual([
      { line: 2, cells: ["1", "3号楼", "1502", "89.5", "否", "2020-05-01"] },
      { line: 3, cells: ["1", "", "1503", "89.46", "TRUE"] },
      { line: 5, cells: ["1", "", "1504", "0.3"] },
    ]);
  });

  test("empty files, binary files, old .xls and broken zips get a clear 422", async () => {
    expect((await refusal(() => readSheet(new Uint8Array(), "x.csv"))).messageKey).toBe("fileEmpty");
    expect((await refusal(() => readSheet(utf8Bytes("网格,房号\n"), "x.csv"))).messageKey).toBe("fileEmpty");
    expect((await refusal(() => readSheet(utf8Bytes("\n \n"), "x.csv"))).messageKey).toBe("fileEmpty");
    expect((await refusal(() => readSheet(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "old.xls"))).messageKey).toBe("fileFormat");
    expect((await refusal(() => readSheet(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), "bad.xlsx"))).messageKey).toBe("fileFormat");
    expect((await refusal(() => readSheet(utf8Bytes("%PDF-1.4\u0000\u0001binary"), "x.pdf"))).messageKey).toBe("fileFormat");
  });

  test("text that is neither UTF-8 nor GBK is a wrong encoding (422), as is UTF-16", async () => {
    const err = await refusal(() => readSheet(new Uint8Array([0x41, 0x2c, 0xff, 0xff, 0x0a, 0x80, 0x0a]), "x.csv"));
    expect(err).toMatchObject({ status: 422, messageKey: "fileEncoding" });
    expect((await refusal(() => readSheet(new Uint8Array([0xff, 0xfe, 0x41, 0x00]), "x.csv"))).messageKey).toBe("fileEncoding");
  });

  test("more data rows than allowed is refused with the limit, for CSV and XLSX", async () => {
    const many = [["网格", "房号"], ...Array.from({ length: 11 }, (_, i) => ["1", String(100 + i)])];
    const csv = await refusal(() => readSheet(utf8Bytes(csvText(many)), "x.csv", { maxRows: 10 }));
    expect(csv).toMatchObject({ status: 422, messageKey: "tooManyRows", params: { max: 10 } });
    const xlsx = await refusal(async () => readSheet(await xlsxBytes(many), "x.xlsx", { maxRows: 10 }));
    expect(xlsx).toMatchObject({ status: 422, messageKey: "tooManyRows", params: { max: 10 } });
    expect((await readSheet(utf8Bytes(csvText(many.slice(0, 11))), "x.csv", { maxRows: 10 })).rows).toHaveLength(10);
  });

  test("an unclosed quote marks the row malformed", async () => {
    const sheet = await readSheet(utf8Bytes('网格,房号\n1,"101\n'), "x.csv");
    expect(sheet.rows[0]).toMatchObject({ malformed: true });
  });
});
