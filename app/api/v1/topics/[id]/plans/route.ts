import { apiRoute, readJson } from "@/lib/api/handler";
import { draftPlan } from "@/lib/plans/draft-plan";
import { listPlans } from "@/lib/plans/list-plans";

/** The topic's plans, each with the fields of its current revision. */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => listPlans(ctx, { topicId: params.id }));

/** Draft a plan (revision 1): official for staff, property firm and owners' committee; an alternative for residents when allowed. */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    return draftPlan(ctx, { ...body, topicId: params.id });
  },
  { status: 201 },
);
