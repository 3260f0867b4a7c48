import { apiRoute, readJson } from "@/lib/api/handler";
import { commentOnPlan } from "@/lib/plans/comment-on-plan";

/** Comment on the plan's current revision; a frozen plan answers 409. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    return commentOnPlan(ctx, { ...body, planId: params.id });
  },
  { status: 201 },
);
