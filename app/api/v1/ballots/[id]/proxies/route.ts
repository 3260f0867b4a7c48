import { apiRoute, readForm } from "@/lib/api/handler";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { AppError } from "@/lib/errors";
import { realFiles } from "@/lib/uploads/photos";

/** Staff record a written authorization (委托书): multipart/form-data with electorKey, proxyPersonId and the scan. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    if (!req.headers.get("content-type")?.startsWith("multipart/form-data")) throw new AppError("invalid_input", "proxyScanRequired", {}, { scan: "proxyScanRequired" });
    const form = await readForm(req);
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string") fields[k] = v;
    return recordProxy(ctx, { ...fields, ballotId: params.id }, realFiles(form.getAll("scan"))[0] ?? null);
  },
  { status: 201 },
);
