import { apiRoute } from "@/lib/api/handler";
import { listGridsPublic } from "@/lib/places/public-directory";

export const GET = apiRoute(({ ctx }) => ({ grids: listGridsPublic(ctx.db) }));
