import ExcelJS from "exceljs";
import Papa from "papaparse";

/** A table ready for export: Chinese headers and one array of cell values per row. */
export type ExportTable = { headers: string[]; rows: (string | number)[][] };

export const BOM = "\uFEFF";

/**
 * A text cell Excel or WPS would read as a formula (or DDE command): = + - @, tab or CR first.
 * Papa's own default pattern ends in `.*$` without the s flag, so a cell with a line break after
 * the formula slips through; this one looks at the first character only.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * CSV with a UTF-8 BOM so that Excel opens Chinese text correctly. Every text cell that a
 * spreadsheet would execute gets a leading apostrophe (shown as text, the usual escape); numbers
 * stay numbers, so a budget of -5 still sums.
 */
export function toCsv(table: ExportTable): string {
  return BOM + Papa.unparse({ fields: table.headers, data: table.rows }, { newline: "\r\n", escapeFormulae: FORMULA_START });
}

export async function toXlsx(table: ExportTable, sheetName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) ws.addRow(row);
  ws.columns.forEach((c) => {
    c.width = 16;
  });
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
