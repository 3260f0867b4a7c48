import { apiRoute } from "@/lib/api/handler";
import { getBuildingAdmin } from "@/lib/admin/get-building-admin";

/** One building with its units and their exclusive areas (community admins). */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getBuildingAdmin(ctx, { buildingId: params.id }));
