import { apiRoute, readJson } from "@/lib/api/handler";
import { assignSupervisors, unassignSupervisor } from "@/lib/ratings/assign-supervisors";
import { getReview } from "@/lib/ratings/get-review";

export const GET = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const review = await getReview(ctx, { topicId: params.id });
  return { supervisors: review.supervisors, candidates: review.candidates };
});

/** Assign supervisors: { personIds: number[] }. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => assignSupervisors(ctx, { ...((await readJson(req)) as object), topicId: params.id }));

/** Take one off: ?personId=… */
export const DELETE = apiRoute<{ id: string }>(({ req, ctx, params }) => unassignSupervisor(ctx, { personId: req.nextUrl.searchParams.get("personId"), topicId: params.id }));
