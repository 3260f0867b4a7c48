import type { ColumnMapping, ColumnSpec } from "./columns";
import type { Sheet } from "./read";

/** Rows of the file shown beside the header in the mapping step. */
export const PREVIEW_ROWS = 5;

export type ColumnsPreview = {
  header: string[];
  /** The first rows' cells, as read. */
  preview: string[][];
  columns: { key: string; name: string; synonyms: string[]; required: boolean; index: number | null }[];
  missing: string[];
};

/**
 * What the mapping step shows when a needed column was not found: the file's header and first rows,
 * and each column of the import with its accepted names and the header cell it was matched to.
 */
export function columnsPreview<K extends string>(sheet: Pick<Sheet, "header" | "rows">, spec: ColumnSpec<K>, mapping: ColumnMapping<K>, missing: K[]): ColumnsPreview {
  return {
    header: sheet.header,
    preview: sheet.rows.slice(0, PREVIEW_ROWS).map((r) => r.cells),
    columns: (Object.keys(spec) as K[]).map((key) => ({
      key,
      name: spec[key].names[0]!,
      synonyms: spec[key].names.slice(1).filter((n) => /[^\x00-\x7f]/.test(n)),
      required: spec[key].required,
      index: mapping[key] ?? null,
    })),
    missing,
  };
}
