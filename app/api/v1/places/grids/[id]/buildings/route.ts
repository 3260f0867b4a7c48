import { publicApiRoute } from "@/lib/api/handler";
import { listBuildingsPublic } from "@/lib/places/public-directory";
import { id } from "@/lib/validation/common";

export const GET = publicApiRoute<{ id: string }>(({ ctx, params }) => ({ buildings: listBuildingsPublic(ctx.db, id.parse(params.id)) }));
