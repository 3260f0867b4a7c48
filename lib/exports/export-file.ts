import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { shanghaiDate } from "@/lib/time";
import { toCsv, toXlsx } from "./format";
import { exportKinds, exportTable, sheetNames, type ExportKind } from "./rows";
import { resolveExportScope, scopeQuery } from "./scope";

/** A file for a route to send: its bytes, the name to save it under, and its content type. */
export type ExportFile = { bytes: Uint8Array<ArrayBuffer>; name: string; type: string };

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

/** What GET /api/v1/exports/{kind}.{format}?gridId=&communityId= asks for: 404 for an unknown file, 422 for a bad query. */
export type ExportRequest = { kind: ExportKind; format: Format; gridId: number | null; communityId: number | null };

export function parseExportRequest(file: string, url: URL): ExportRequest {
  return { ...parseExportFile(file), ...scopeQuery(url) };
}

/**
 * A staff export (CSV or XLSX) of one grid or a whole community, for those who manage it (403
 * otherwise). The file is named after what it covers and the day (Beijing time).
 */
export async function exportFile(ctx: ActorCtx, request: ExportRequest): Promise<ExportFile> {
  const { kind, format } = request;
  const scope = await resolveExportScope(ctx.db, ctx.actor, request);
  const table = await exportTable(ctx.db, kind, scope);
  const stamp = shanghaiDate(new Date());
  const name = `${kind}-${scope.gridId != null ? `grid${scope.gridId}` : `community${scope.communityId}`}-${stamp}.${format}`;
  const bytes = format === "csv" ? new TextEncoder().encode(toCsv(table)) : new Uint8Array(await toXlsx(table, sheetNames[kind]));
  return { bytes, name, type: contentTypes[format] };
}
