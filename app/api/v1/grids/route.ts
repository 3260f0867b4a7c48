import { apiRoute, readJson } from "@/lib/api/handler";
import { createGrid } from "@/lib/admin/create-grid";
import { listGridsAdmin } from "@/lib/admin/list-grids-admin";

/** The grids of the caller's community (community admins). */
export const GET = apiRoute(({ req, ctx }) => listGridsAdmin(ctx, Object.fromEntries(req.nextUrl.searchParams)));

/** Add a grid to the caller's community. */
export const POST = apiRoute(async ({ req, ctx }) => createGrid(ctx, await readJson(req)), { status: 201 });
