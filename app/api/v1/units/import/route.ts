import { apiRoute, readJson } from "@/lib/api/handler";
import { importUnits } from "@/lib/admin/import-units";

/**
 * Import units from CSV text, all or nothing. A refused import answers 422 with `error.fields`
 * keyed "rows.<line>.<column>", one entry per bad cell, and writes nothing.
 */
export const POST = apiRoute(async ({ req, ctx }) => importUnits(ctx, await readJson(req)), { status: 201 });
