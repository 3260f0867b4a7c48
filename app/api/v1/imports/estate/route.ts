import { apiRoute, readFieldsAndFiles } from "@/lib/api/handler";
import { describeError } from "@/lib/describe-error";
import { invalid } from "@/lib/errors";
import { columnsMissingError, estateColumns, estateCommunity, estateMapping, importEstate } from "@/lib/imports/estate/import";
import { columnsPreview } from "@/lib/imports/sheet/preview";
import { streamImport } from "@/lib/imports/sheet/progress";
import { readSheet } from "@/lib/imports/sheet/read";
import { importFileFields } from "@/lib/validation/imports";

/**
 * POST multipart/form-data (file, dryRun, mapping, source, communityId): check (dryRun, the default)
 * or import an estate file. A bad file, a refused caller or missing columns answer 4xx JSON before
 * anything streams (missing columns with the file's header and first rows, for the mapping step);
 * otherwise the answer is NDJSON: {"phase":"check","done":n,"total":m} lines, then {"result":…}.
 */
export const POST = apiRoute(async ({ req, ctx, locale }) => {
  const { fields, files } = await readFieldsAndFiles(req, "file");
  const input = importFileFields.parse(fields);
  const communityId = estateCommunity(ctx, input.communityId);
  // A column this import does not have is refused now, not once the answer streams.
  if (Object.keys(input.mapping ?? {}).some((k) => !(k in estateColumns))) throw invalid("mappingInvalid", { mapping: "mappingInvalid" });
  const file = files[0];
  if (!file) throw invalid("fileRequired", { file: "fileRequired" });
  const sheet = await readSheet(new Uint8Array(await file.arrayBuffer()), file.name);
  const { mapping, missing } = estateMapping(sheet, input.mapping);
  if (missing.length > 0) {
    const { status, body } = describeError(columnsMissingError(missing), locale);
    return Response.json({ error: body, columns: columnsPreview(sheet, estateColumns, mapping, missing) }, { status });
  }
  return streamImport(locale, (progress) =>
    importEstate(ctx, { sheet, communityId, mapping: input.mapping, dryRun: input.dryRun, source: input.source }, progress("check")),
  );
});
