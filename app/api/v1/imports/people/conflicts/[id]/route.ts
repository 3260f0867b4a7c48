import { apiRoute, readJson } from "@/lib/api/handler";
import { decideImportConflict } from "@/lib/imports/people/decide-conflict";

/** Staff decide one conflict: {"resolution": "adoptRegister" | "keepCurrent"}. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => decideImportConflict(ctx, { ...((await readJson(req)) as object), conflictId: params.id }));
