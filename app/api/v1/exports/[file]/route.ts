import { getDb } from "@/db/client";
import { fileResponse, fileRoute } from "@/lib/api/file-route";
import { signedInActorFor } from "@/lib/api/handler";
import { exportFile, parseExportRequest } from "@/lib/exports/export-file";

export const dynamic = "force-dynamic";

/** GET /api/v1/exports/{topics|ballots|ratings}.{csv|xlsx}?gridId= — staff exports, saved as a file, never cached. */
export const GET = fileRoute<{ file: string }>(async ({ req, params }) => {
  const request = parseExportRequest(params.file, req.nextUrl);
  const file = await exportFile({ db: getDb(), actor: await signedInActorFor(req) }, request);
  return fileResponse(file, "attachment");
});
