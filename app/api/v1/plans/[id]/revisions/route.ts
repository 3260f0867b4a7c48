import { apiRoute, readJson } from "@/lib/api/handler";
import { revisePlan } from "@/lib/plans/revise-plan";

/** Save a new revision of the plan (its author, or staff who own the topic); a frozen plan answers 409. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    return revisePlan(ctx, { ...body, planId: params.id });
  },
  { status: 201 },
);
