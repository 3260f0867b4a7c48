import { apiRoute } from "@/lib/api/handler";
import { revokeRole } from "@/lib/admin/revoke-role";

/** Revoke one role. */
export const DELETE = apiRoute<{ id: string }>(({ ctx, params }) => revokeRole(ctx, { roleId: params.id }));
