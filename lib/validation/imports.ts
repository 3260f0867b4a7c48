import { z } from "zod";
import { optionalId } from "./admin";

/**
 * The text fields sent with an import's file (multipart/form-data). The file itself is read by
 * lib/imports/sheet/read.ts; these say what to do with it.
 */

/** A form's "1"/"true"/"on" or a JSON boolean; absent means a dry run, so that writing is always asked for. */
const dryRun = z.preprocess((v) => {
  if (v === undefined || v === null || v === "") return true;
  if (typeof v !== "string") return v;
  const s = v.trim().toLowerCase();
  return ["1", "true", "yes", "on"].includes(s) ? true : ["0", "false", "no", "off"].includes(s) ? false : v;
}, z.boolean({ error: "dryRunInvalid" }));

/** A manual column mapping, {"area": 3, "unit": 1}, sent as JSON text in a form field. */
const mapping = z.preprocess(
  (v) => {
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  },
  z.record(z.string().max(40), z.number().int().min(0).max(999), { error: "mappingInvalid" }).optional(),
);

export const importFileFields = z.object({
  communityId: optionalId.meta({ description: "Community to import into; optional when you administer only one" }),
  file: z.any().optional().meta({ description: "The file: XLSX, or CSV in UTF-8 or GBK", format: "binary" }),
  dryRun: dryRun.meta({ description: "1 (the default): check only and report; 0: write, all or nothing" }),
  mapping: mapping.meta({ description: 'JSON: column → 0-based index of the header cell to read it from, for columns not found by name, e.g. {"area":3}' }),
  source: z
    .string()
    .trim()
    .max(200, { error: "textTooLong" })
    .optional()
    .meta({ description: "Where the file came from, e.g. 物业公司 2026-12" }),
});
export type ImportFileFields = z.infer<typeof importFileFields>;

export const templateQuery = z.object({
  format: z.enum(["xlsx", "csv"], { error: "templateFormat" }).default("xlsx").meta({ description: "xlsx (the default) or csv (UTF-8 with BOM)" }),
});
