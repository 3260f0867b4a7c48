import { apiRoute } from "@/lib/api/handler";
import { getGridAdmin } from "@/lib/admin/get-grid-admin";

/** One grid with its buildings (community admins). */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getGridAdmin(ctx, { gridId: params.id }));
