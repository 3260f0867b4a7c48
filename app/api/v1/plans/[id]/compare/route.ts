import { apiRoute } from "@/lib/api/handler";
import { compareRevisions } from "@/lib/plans/compare-revisions";

/** The difference between two revisions (?from=1&to=2): the text as a diff and the fields that changed. */
export const GET = apiRoute<{ id: string }>(({ req, ctx, params }) =>
  compareRevisions(ctx, { planId: params.id, from: req.nextUrl.searchParams.get("from") ?? undefined, to: req.nextUrl.searchParams.get("to") ?? undefined }),
);
