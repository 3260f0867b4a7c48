import { apiRoute, readJson } from "@/lib/api/handler";
import { createUnit } from "@/lib/admin/create-unit";

/** Add one unit with its exclusive area to the building. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => createUnit(ctx, { ...((await readJson(req)) as object), buildingId: params.id }),
  { status: 201 },
);
