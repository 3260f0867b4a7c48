import { publicApiRoute } from "@/lib/api/handler";
import { listUnitsPublic } from "@/lib/places/public-directory";
import { id } from "@/lib/validation/common";

export const GET = publicApiRoute<{ id: string }>(async ({ ctx, params }) => ({ units: await listUnitsPublic(ctx.db, id.parse(params.id)) }));
