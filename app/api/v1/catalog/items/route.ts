import { apiRoute, readJson } from "@/lib/api/handler";
import { createItem } from "@/lib/admin/create-item";

/** Add an item to a category of the agenda catalog. */
export const POST = apiRoute(async ({ req, ctx }) => createItem(ctx, await readJson(req)), { status: 201 });
