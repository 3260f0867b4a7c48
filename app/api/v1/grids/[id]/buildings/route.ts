import { apiRoute, readJson } from "@/lib/api/handler";
import { createBuilding } from "@/lib/admin/create-building";

/** Add a building (micro-grid) to the grid. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => createBuilding(ctx, { ...((await readJson(req)) as object), gridId: params.id }),
  { status: 201 },
);
