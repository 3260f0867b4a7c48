import type { DB } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { describeError } from "@/lib/describe-error";
import { notFound } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { shanghaiDate } from "@/lib/time";
import { toCsv, toXlsx } from "./format";
import { exportKinds, exportTable, sheetNames, type ExportKind } from "./rows";
import { resolveExportScope, scopeQuery } from "./scope";

const formats = ["csv", "xlsx"] as const;
type Format = (typeof formats)[number];

const contentTypes: Record<Format, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** "topics.csv" → { kind: "topics", format: "csv" }; anything else is not found. */
export function parseExportFile(file: string): { kind: ExportKind; format: Format } {
  const m = /^([a-z]+)\.([a-z]+)$/.exec(file);
  if (!m || !(exportKinds as readonly string[]).includes(m[1]!) || !(formats as readonly string[]).includes(m[2]!)) throw notFound();
  return { kind: m[1] as ExportKind, format: m[2] as Format };
}

/** The response for GET /api/v1/exports/{kind}.{format}?gridId=: the file, or a JSON error. */
export async function exportResponse(db: DB, actor: Actor | null, file: string, url: URL, locale: Locale): Promise<Response> {
  try {
    const { kind, format } = parseExportFile(file);
    const scope = resolveExportScope(db, actor, scopeQuery(url));
    const table = exportTable(db, kind, scope);
    const stamp = shanghaiDate(new Date());
    const name = `${kind}-${scope.gridId != null ? `grid${scope.gridId}` : `community${scope.communityId}`}-${stamp}.${format}`;
    const body = format === "csv" ? new TextEncoder().encode(toCsv(table)) : new Uint8Array(await toXlsx(table, sheetNames[kind]));
    return new Response(body, {
      status: 200,
      headers: {
        "content-type": contentTypes[format],
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    const { status, body } = describeError(e, locale);
    return Response.json({ error: body }, { status });
  }
}
