import { publicApiRoute } from "@/lib/api/handler";
import { listGridsPublic } from "@/lib/places/public-directory";

export const GET = publicApiRoute(async ({ ctx }) => ({ grids: await listGridsPublic(ctx.db) }));
