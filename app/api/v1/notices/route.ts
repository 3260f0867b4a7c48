import { publicApiRoute } from "@/lib/api/handler";
import { listNotices } from "@/lib/notices/list-notices";

/** The public notice board: no sign-in needed, so the caller (if any) plays no part. */
export const GET = publicApiRoute(({ req, ctx }) => listNotices(ctx, Object.fromEntries(req.nextUrl.searchParams)));
