import { apiRoute, readJson } from "@/lib/api/handler";
import { createCategory } from "@/lib/admin/create-category";

/** Add a category to the agenda catalog. */
export const POST = apiRoute(async ({ req, ctx }) => createCategory(ctx, await readJson(req)), { status: 201 });
