import { apiRoute, readJson } from "@/lib/api/handler";
import { updateItem } from "@/lib/admin/update-item";

/** Change an agenda item: name, level, vote rule, co-sign threshold, active. */
export const PATCH = apiRoute<{ id: string }>(async ({ req, ctx, params }) =>
  updateItem(ctx, { ...((await readJson(req)) as object), itemId: params.id }),
);
