import { apiRoute, readJson } from "@/lib/api/handler";
import { assignRole } from "@/lib/admin/assign-role";

/** Give a person of the community a role in a scope: { personId, role, unitId | gridId | organisationId | communityId }. */
export const POST = apiRoute(async ({ req, ctx }) => assignRole(ctx, await readJson(req)), { status: 201 });
