import { apiRoute, isMultipart, readFieldsAndFiles } from "@/lib/api/handler";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { AppError } from "@/lib/errors";

/** Staff record a written authorization (委托书): multipart/form-data with electorKey, proxyPersonId and the scan. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    if (!isMultipart(req)) throw new AppError("invalid_input", "proxyScanRequired", {}, { scan: "proxyScanRequired" });
    const { fields, files } = await readFieldsAndFiles(req, "scan");
    return recordProxy(ctx, { ...fields, ballotId: params.id }, files[0] ?? null);
  },
  { status: 201 },
);
