import { apiRoute, readJson } from "@/lib/api/handler";
import { hideOpinion } from "@/lib/opinions/hide-opinion";

/** Hide an abusive opinion with a reason shown in its place (the topic's staff). */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return hideOpinion(ctx, { ...body, opinionId: params.id });
});
