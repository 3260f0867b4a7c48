import { apiRoute, readFieldsAndFiles } from "@/lib/api/handler";
import { adminCommunityIds } from "@/lib/admin/scope";
import { invalid } from "@/lib/errors";
import { PEOPLE_MAX_ROWS, peopleKind } from "@/lib/imports/people/kinds";
import { streamImport } from "@/lib/imports/sheet/progress";
import { readSheet } from "@/lib/imports/sheet/read";
import { peopleImportInput } from "@/lib/validation/people-import";

/**
 * A people file (owners-register, residents, staff): multipart with `file`, `source`, `mapping`
 * (JSON), `dryRun`. Who may import, the form and the file are checked first (4xx JSON); then the
 * answer streams NDJSON progress lines and one result line (lib/imports/sheet/progress.ts).
 */
export const POST = apiRoute<{ kind: string }>(async ({ req, ctx, params, locale }) => {
  const kind = peopleKind(params.kind);
  adminCommunityIds(ctx.actor, "person.manage");
  const { fields, files } = await readFieldsAndFiles(req, "file");
  peopleImportInput.parse(fields);
  const file = files[0];
  if (!file) throw invalid("fileRequired", { file: "fileRequired" });
  const sheet = await readSheet(new Uint8Array(await file.arrayBuffer()), file.name, { maxRows: PEOPLE_MAX_ROWS });
  return streamImport(locale, async (progress) => kind.run(ctx, fields, sheet, progress("check")));
});
