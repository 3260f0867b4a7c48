import { apiRoute, readJson } from "@/lib/api/handler";
import { updateOrganisation } from "@/lib/admin/update-organisation";

/** Change an organisation's name, code or description. */
export const PATCH = apiRoute<{ id: string }>(async ({ req, ctx, params }) =>
  updateOrganisation(ctx, { ...((await readJson(req)) as object), organisationId: params.id }),
);
