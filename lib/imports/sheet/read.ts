import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { readCsvRows } from "@/lib/admin/csv";
import { AppError, invalid } from "@/lib/errors";

export type SheetFormat = "xlsx" | "csv-utf8" | "csv-gbk";
/** line = 1-based row in the file (the spreadsheet's row number, or the CSV line the row starts on). */
export type SheetRow = { line: number; cells: string[]; malformed?: boolean };
export type Sheet = { fileName: string; sha256: string; format: SheetFormat; header: string[]; rows: SheetRow[] };

/** Data rows a file may hold by default: the largest estates, with room to spare. */
export const SHEET_MAX_ROWS = 100_000;
/** Bytes a file may have: 100,000 rows of an owners' register stay well under it. */
export const SHEET_MAX_BYTES = 40 * 1024 * 1024;

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
/** The old binary .xls (and .doc): an OLE compound file. */
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * Reads an uploaded file into rows of text. XLSX is told from CSV by its content (a zip), never by
 * its name. CSV text: a BOM means UTF-8; otherwise strict UTF-8, then GB18030 (a superset of GBK,
 * what Excel on a Chinese Windows saves as "CSV"); text neither can decode is a wrong encoding.
 * The header is the first non-empty row; a file with no row below it is empty. Throws AppError invalid with fileEmpty | fileFormat |
 * fileEncoding | tooManyRows ({max}).
 */
export async function readSheet(bytes: Uint8Array, fileName: string, opts: { maxRows?: number } = {}): Promise<Sheet> {
  const maxRows = opts.maxRows ?? SHEET_MAX_ROWS;
  if (bytes.byteLength === 0) throw invalid("fileEmpty", { file: "fileEmpty" });
  if (bytes.byteLength > SHEET_MAX_BYTES) throw invalid("fileTooLarge", { file: "fileTooLarge" }, { max: Math.round(SHEET_MAX_BYTES / 1024 / 1024) });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let format: SheetFormat;
  let rows: SheetRow[];
  if (startsWith(bytes, zipMagic)) {
    format = "xlsx";
    rows = await readXlsxRows(bytes, maxRows);
  } else if (startsWith(bytes, oleMagic)) {
    // Excel 97–2003 .xls: exceljs cannot read it; "save as .xlsx" is the fix staff can do.
    throw invalid("fileFormat", { file: "fileFormat" });
  } else {
    const decoded = decodeText(bytes);
    format = decoded.format;
    // A NUL or other control characters mean a binary file (a PDF, an image) rather than text.
    if (/[\u0000-\u0008\u000e-\u001f]/.test(decoded.text.slice(0, 4096))) throw invalid("fileFormat", { file: "fileFormat" });
    rows = readCsvRows(decoded.text).map((r) => ({ line: r.line, cells: r.cells, ...(r.malformed ? { malformed: true } : {}) }));
  }
  const [header, ...data] = rows;
  // A header without rows is as empty as no file: there is nothing to import.
  if (!header || data.length === 0) throw invalid("fileEmpty", { file: "fileEmpty" });
  if (data.length > maxRows) throw invalid("tooManyRows", { file: "tooManyRows" }, { max: maxRows });
  return { fileName, sha256, format, header: header.cells, rows: data };
}

function decodeText(bytes: Uint8Array): { text: string; format: SheetFormat } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3)), format: "csv-utf8" };
    } catch {
      throw invalid("fileEncoding", { file: "fileEncoding" });
    }
  }
  // UTF-16 ("Unicode text" from Excel) would decode as GB18030 garbage: say so instead.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw invalid("fileEncoding", { file: "fileEncoding" });
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), format: "csv-utf8" };
  } catch {
    // not UTF-8: try the Chinese Windows code page next
  }
  try {
    return { text: new TextDecoder("gb18030", { fatal: true }).decode(bytes), format: "csv-gbk" };
  } catch {
    throw invalid("fileEncoding", { file: "fileEncoding" });
  }
}

/**
 * The first worksheet's rows, read as a stream: a 100,000-row workbook is never held whole in memory
 * (exceljs' full load takes about 5 KB per row), and a file over the limit is refused as soon as the
 * row past it arrives. Merged ranges keep their value in the first cell only, as on paper.
 */
async function readXlsxRows(bytes: Uint8Array, maxRows: number): Promise<SheetRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles tell a date from a number.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const rows: SheetRow[] = [];
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      if (sawSheet) continue; // drain the rest of the file; only the first sheet counts
      sawSheet = true;
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c] as ExcelJS.CellValue));
        while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
        if (cells.length === 0) continue;
        // +1 for the header row.
        if (rows.length > maxRows) throw invalid("tooManyRows", { file: "tooManyRows" }, { max: maxRows });
        rows.push({ line: row.number, cells });
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A zip that is not a workbook (a .docx, a damaged file).
    throw invalid("fileFormat", { file: "fileFormat" });
  }
  if (!sawSheet) throw invalid("fileFormat", { file: "fileFormat" });
  return rows;
}

/** A cell's value as a person sees it: numbers without float noise, formulas' results, rich text joined, dates as ISO dates. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : "";
  if (typeof value === "string") return value.normalize("NFKC").trim();
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if ("richText" in value) return cellText(value.richText.map((r) => r.text).join(""));
  if ("formula" in value || "sharedFormula" in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("hyperlink" in value) return cellText((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return "";
}
