import { apiRoute } from "@/lib/api/handler";
import { adminCommunityIds } from "@/lib/admin/scope";
import { estateTemplate } from "@/lib/imports/estate/template";
import { templateQuery } from "@/lib/validation/imports";

/** GET ?format=xlsx|csv: the Chinese template of the estate import, for the staff who import. */
export const GET = apiRoute(async ({ req, ctx }) => {
  const { format } = templateQuery.parse(Object.fromEntries(req.nextUrl.searchParams));
  adminCommunityIds(ctx.actor, "unit.manage");
  const file = await estateTemplate(format);
  return new Response(file.bytes, {
    headers: {
      "content-type": file.type,
      // The ASCII name for old clients, the Chinese one (RFC 5987) for the rest.
      "content-disposition": `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "cache-control": "private, no-store",
    },
  });
});
