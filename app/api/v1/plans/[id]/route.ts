import { apiRoute } from "@/lib/api/handler";
import { getPlan } from "@/lib/plans/get-plan";

/** A plan with its current revision (or ?revision=n), the revision history and the comments. */
export const GET = apiRoute<{ id: string }>(({ req, ctx, params }) =>
  getPlan(ctx, { planId: params.id, revision: req.nextUrl.searchParams.get("revision") ?? undefined }),
);
