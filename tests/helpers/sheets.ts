import ExcelJS from "exceljs";

let gbkTable: Map<string, number[]> | null = null;

/**
 * Text encoded as GBK, the way Excel on a Chinese Windows saves "CSV". Node has no GBK encoder, so
 * the table is built once by decoding every two-byte GBK sequence with TextDecoder — exact, since
 * it is the same table the reader decodes with.
 */
export function gbkBytes(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gbk");
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([hi, lo]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbkTable.has(ch)) gbkTable.set(ch, [hi, lo]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK bytes for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

export const utf8Bytes = (text: string, bom = false) => new TextEncoder().encode(bom ? `\uFEFF${text}` : text);

/** rows (header first) → CSV text; cells with commas or quotes are quoted. */
export const csvText = (rows: (string | number)[][]) =>
  rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(",")).join("\r\n") + "\r\n";

/** A real XLSX workbook written by exceljs: the first sheet holds `rows` (header first). */
export async function xlsxBytes(rows: ExcelJS.CellValue[][], build?: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("房屋");
  for (const r of rows) ws.addRow(r);
  build?.(ws);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
