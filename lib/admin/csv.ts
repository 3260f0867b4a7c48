import Papa from "papaparse";

export type CsvRow = {
  /** 1-based line of the file where the row starts (the header is usually line 1). */
  line: number;
  cells: string[];
  /** Papa could not read the row cleanly, e.g. an unclosed quote. */
  malformed: boolean;
};

/**
 * Splits CSV text into rows, keeping the line each row starts on so the error report can name it.
 * Text is normalised first: BOM dropped, line ends unified, full-width characters folded (NFKC)
 * so that "０１，０３" typed on a Chinese keyboard reads as "01,03". Rows copied from a spreadsheet
 * arrive tab-separated; the header line decides the delimiter. Blank rows are skipped.
 */
export function readCsvRows(raw: string): CsvRow[] {
  const text = raw.replace(/^\uFEFF/, "").normalize("NFKC").replace(/\r\n?/g, "\n");
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? "\t" : ",";

  const rows: CsvRow[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter,
    step: (result) => {
      const cells = result.data.map((c) => c.trim());
      if (cells.some((c) => c !== "")) rows.push({ line, cells, malformed: result.errors.length > 0 });
      // The cursor stands just after this row: count the line breaks it spanned (quoted cells may hold some).
      const end = result.meta.cursor;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
  return rows;
}
