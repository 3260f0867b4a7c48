import { apiRoute, readJson } from "@/lib/api/handler";
import { setCouncilDay } from "@/lib/meetings/set-council-day";

/** Set the grid's council day (网格议事日), { councilDay: 1–28 }, or clear it with { councilDay: null }. */
export const PUT = apiRoute<{ gridId: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return setCouncilDay(ctx, { ...body, gridId: params.gridId });
});
