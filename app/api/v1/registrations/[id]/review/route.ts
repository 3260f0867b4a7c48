import { apiRoute, readJson } from "@/lib/api/handler";
import { reviewRegistration } from "@/lib/people/review-registration";

/** Verify or reject a pending registration: { decision: "verify" } or { decision: "reject", reason }. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return reviewRegistration(ctx, { ...body, personId: params.id });
});
