import { apiRoute } from "@/lib/api/handler";
import { listCatalogAdmin } from "@/lib/admin/list-catalog-admin";

/** The agenda catalog of the caller's community, inactive items included (community admins). */
export const GET = apiRoute(({ req, ctx }) => listCatalogAdmin(ctx, Object.fromEntries(req.nextUrl.searchParams)));
