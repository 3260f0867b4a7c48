import { apiRoute } from "@/lib/api/handler";
import { listNotices } from "@/lib/notices/list-notices";

/** The public notice board: no sign-in needed, so the caller (if any) plays no part. */
export const GET = apiRoute(({ req, ctx }) => listNotices(ctx, Object.fromEntries(req.nextUrl.searchParams)));
