import { publicApiRoute } from "@/lib/api/handler";
import { listBuildingsPublic } from "@/lib/places/public-directory";
import { id } from "@/lib/validation/common";

export const GET = publicApiRoute<{ id: string }>(async ({ ctx, params }) => ({ buildings: await listBuildingsPublic(ctx.db, id.parse(params.id)) }));
