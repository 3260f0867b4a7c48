import { apiRoute } from "@/lib/api/handler";
import { adminCommunityIds } from "@/lib/admin/scope";
import { peopleKind, type PeopleKindSlug } from "@/lib/imports/people/kinds";
import { templateCsv, templateXlsx } from "@/lib/imports/people/template";

/** The Chinese template of a people file: ?format=xlsx (default) or csv (UTF-8 with BOM). */
export const GET = apiRoute<{ kind: string }>(async ({ req, ctx, params }) => {
  peopleKind(params.kind);
  adminCommunityIds(ctx.actor, "person.manage");
  const slug = params.kind as PeopleKindSlug;
  const csv = req.nextUrl.searchParams.get("format") === "csv";
  const { bytes, fileName } = csv ? templateCsv(slug) : await templateXlsx(slug);
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "cache-control": "no-store",
    },
  });
});
