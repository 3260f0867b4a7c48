import { createHash } from "node:crypto";
import type { Sheet } from "@/lib/imports/sheet/read";

/** A file as lib/imports/sheet reads it: header and rows, lines counted from 2 (the header is line 1). */
export function sheetOf(header: string[], rows: string[][], fileName = "业主名册.xlsx"): Sheet {
  const sha256 = createHash("sha256").update(JSON.stringify([header, rows])).digest("hex");
  return { fileName, sha256, format: "xlsx", header, rows: rows.map((cells, i) => ({ line: i + 2, cells })) };
}
