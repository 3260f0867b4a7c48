import { publicApiRoute } from "@/lib/api/handler";
import { getNotice } from "@/lib/notices/get-notice";

/** One notice of the public board: no sign-in needed. */
export const GET = publicApiRoute<{ id: string }>(({ ctx, params }) => getNotice(ctx, { noticeId: params.id }));
