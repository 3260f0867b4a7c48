import { apiRoute } from "@/lib/api/handler";
import { getPersonAdmin } from "@/lib/admin/get-person-admin";

/** One person of the caller's community with the roles they hold there. */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getPersonAdmin(ctx, { personId: params.id }));
