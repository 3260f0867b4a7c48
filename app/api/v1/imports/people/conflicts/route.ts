import { apiRoute } from "@/lib/api/handler";
import { listImportConflicts } from "@/lib/imports/people/list-conflicts";

/** Conflicts people imports listed in the community, open ones by default (?status=resolved for the decided). */
export const GET = apiRoute(async ({ req, ctx }) => ({ conflicts: await listImportConflicts(ctx, Object.fromEntries(req.nextUrl.searchParams)) }));
