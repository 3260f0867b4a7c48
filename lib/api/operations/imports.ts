import { importFileFields, templateQuery } from "@/lib/validation/imports";
import type { Operation } from "../operation";

const tags = ["imports"];

/** The estate import (lib/imports/estate). Its answer streams NDJSON, which the document can only describe in words. */
export const estateImportOperations: Operation[] = [
  {
    method: "post",
    path: "/api/v1/imports/estate",
    summary:
      "Community admins: check (dryRun=1, the default) or import (dryRun=0) an estate file — grids, buildings, units with exclusive areas and developer-held flags — from XLSX or CSV (UTF-8 or GBK), multipart/form-data with the file under 'file'. Columns are matched by name and the usual synonyms (网格, 楼栋, 单元, 房号, 专有面积, 开发商持有); a bad file (empty, not XLSX/CSV, wrong encoding, more than 100,000 rows) or missing columns answer 4xx JSON before anything streams — missing columns with `columns` (the file's header, first rows and each column's match) for a manual `mapping`. Otherwise the answer is application/x-ndjson: {\"phase\":\"check\",\"done\":n,\"total\":m} lines, then {\"result\":…} (counts of created/updated/unchanged grids, buildings and units, refused rows with line, column and reason, changed units old → new; committed=false when any row is refused — then nothing is written) or {\"error\":…,\"status\":…}. Grids and buildings named in the file are created if new; the same file imported again changes nothing",
    tags,
    auth: true,
    body: importFileFields,
    contentType: "multipart/form-data",
  },
  {
    method: "get",
    path: "/api/v1/imports/estate/template",
    summary: "Community admins: the Chinese template of the estate import — an XLSX with a 说明 sheet (each column and the names accepted for it), or a UTF-8 CSV with BOM",
    tags,
    auth: true,
    query: templateQuery,
  },
];
