import { publicApiRoute } from "@/lib/api/handler";
import { listGridsPublic } from "@/lib/places/public-directory";

export const GET = publicApiRoute(({ ctx }) => ({ grids: listGridsPublic(ctx.db) }));
