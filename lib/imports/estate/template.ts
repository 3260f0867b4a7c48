import ExcelJS from "exceljs";
import { estateColumns, type EstateColumn } from "./import";

/** Example rows of the template: a numbered grid, a named one, a whole address in 房号. */
const examples: Record<EstateColumn, string>[] = [
  { grid: "第一网格", building: "3号楼", entrance: "2", unit: "1502", area: "89.12", developerHeld: "否" },
  { grid: "第一网格", building: "3号楼", entrance: "2", unit: "1503", area: "120.5", developerHeld: "是" },
  { grid: "2", building: "", entrance: "", unit: "5-1-301", area: "76", developerHeld: "" },
];

/** What each column holds, for the 说明 sheet. */
const help: Record<EstateColumn, string> = {
  grid: "网格的编号（1、01、第1网格、第一网格）或名称。文件中的新网格会自动建立；数字按编号对应，名称按名称对应。",
  building: "楼栋：3、03、3栋、3号楼、3幢、3#、A座 等。新楼栋会自动建立（“3栋”记为编号 03、名称“3号楼”）。房号写成“3-2-1502”时可不填。",
  entrance: "单元号（可不填）：2 或 2单元。填写后房号记为“2-1502”。",
  unit: "房号：1502、1502室；也可写完整地址“3-2-1502”“3栋2单元1502室”。同一楼栋内不能重复。",
  area: "专有部分面积，平方米，最多两位小数：89.12、89.12㎡、89.12平方米、全角数字均可。大于 0，不超过 10000。",
  developerHeld: "开发商持有（未售）：是/否、Y/N、1/0；不填为“否”。整列不提供时，已有房屋的标记保持不变。",
};

export type TemplateFile = { bytes: Uint8Array<ArrayBuffer>; name: string; asciiName: string; type: string };

const keys = Object.keys(estateColumns) as EstateColumn[];
const headerRow = keys.map((k) => estateColumns[k].names[0]!);

/**
 * The estate template staff download: the header with the canonical names and three example rows;
 * the XLSX has a second sheet 说明 explaining each column and the other names accepted for it. The
 * CSV is UTF-8 with a BOM, which Excel needs to show Chinese instead of garbling it.
 */
export async function estateTemplate(format: "xlsx" | "csv"): Promise<TemplateFile> {
  if (format === "csv") {
    const lines = [headerRow, ...examples.map((e) => keys.map((k) => e[k]))].map((r) => r.join(","));
    const bytes = new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`) as Uint8Array<ArrayBuffer>;
    return { bytes, name: "房屋导入模板.csv", asciiName: "estate-template.csv", type: "text/csv; charset=utf-8" };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("房屋");
  ws.columns = keys.map((k) => ({ header: estateColumns[k].names[0], key: k, width: k === "unit" ? 16 : 12 }));
  ws.getRow(1).font = { bold: true };
  for (const e of examples) ws.addRow(e);
  // Room numbers and codes are text: Excel would otherwise drop the 0 of "01" or read "5-1-301" as a date.
  for (const k of ["grid", "building", "entrance", "unit"] as const) ws.getColumn(k).numFmt = "@";
  ws.views = [{ state: "frozen", ySplit: 1 }];

  const notes = wb.addWorksheet("说明");
  notes.columns = [
    { header: "列名", width: 12 },
    { header: "必填", width: 8 },
    { header: "说明", width: 70 },
    { header: "也接受的列名", width: 40 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const k of keys) {
    const spec = estateColumns[k];
    notes.addRow([spec.names[0], k === "building" ? "见说明" : spec.required ? "是" : "否", help[k], spec.names.slice(1).filter((n) => /[^\x00-\x7f]/.test(n)).join("、")]);
  }
  notes.addRow([]);
  notes.addRow(["", "", "列的顺序不限；表头可带单位或备注，如“面积（㎡）”。先“检查”看将新建、修改和拒绝的行，确认无误后再“导入”：有任何一行被拒绝时，整个文件都不会写入。重复导入同一文件不会改变任何数据。"]);
  notes.getColumn(3).alignment = { wrapText: true, vertical: "top" };
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
  return { bytes, name: "房屋导入模板.xlsx", asciiName: "estate-template.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };
}
