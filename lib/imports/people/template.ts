import "server-only";
import ExcelJS from "exceljs";
import type { PeopleKindSlug } from "./kinds";

/** The template of each people file: its columns (the names the import matches first) and two example rows. */
const templates: Record<PeopleKindSlug, { fileName: string; header: string[]; rows: string[][] }> = {
  "owners-register": {
    fileName: "业主名册模板",
    header: ["姓名", "手机号", "网格", "楼栋", "房号", "身份"],
    rows: [
      ["张三", "13800138000", "01", "3", "2-1502、2-1503", "业主"],
      ["李四", "13800138001", "01", "3", "2-1502", "共有人"],
      ["王五", "13800138002", "", "", "", "开发商代表"],
    ],
  },
  residents: {
    fileName: "住户名单模板",
    header: ["姓名", "手机号", "网格", "楼栋", "房号"],
    rows: [["赵六", "13800138003", "01", "3", "2-1502"]],
  },
  staff: {
    fileName: "工作人员模板",
    header: ["姓名", "手机号", "角色", "网格", "单位"],
    rows: [
      ["钱七", "13800138004", "网格长", "01", ""],
      ["孙八", "13800138005", "物业", "", "某某物业服务有限公司"],
    ],
  },
};

/** The template as an XLSX workbook (text cells, so Excel keeps "01" and long numbers as typed). */
export async function templateXlsx(kind: PeopleKindSlug): Promise<{ bytes: Uint8Array; fileName: string }> {
  const t = templates[kind];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.fileName.replace(/模板$/, ""));
  ws.columns = t.header.map((h) => ({ header: h, width: h === "房号" || h === "单位" ? 24 : 14, style: { numFmt: "@" } }));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  return { bytes: new Uint8Array(await wb.xlsx.writeBuffer()), fileName: `${t.fileName}.xlsx` };
}

/** The template as CSV in UTF-8 with a BOM, which Excel on Chinese Windows opens without garbling. */
export function templateCsv(kind: PeopleKindSlug): { bytes: Uint8Array; fileName: string } {
  const t = templates[kind];
  const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const text = [t.header, ...t.rows].map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
  return { bytes: new TextEncoder().encode(`\ufeff${text}`), fileName: `${t.fileName}.csv` };
}
