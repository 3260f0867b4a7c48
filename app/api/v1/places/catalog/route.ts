import { publicApiRoute } from "@/lib/api/handler";
import { listCatalogPublic } from "@/lib/places/public-directory";

/** The agenda catalog: what may be proposed, with each item's usual level and vote rule (public). */
export const GET = publicApiRoute(({ ctx }) => listCatalogPublic(ctx.db));
