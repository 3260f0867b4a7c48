import { apiRoute, readJson } from "@/lib/api/handler";
import { createOrganisation } from "@/lib/admin/create-organisation";
import { listOrganisationsAdmin } from "@/lib/admin/list-organisations-admin";

/** Organisations of the caller's community; ?kind= propertyFirm | ownersCommittee | thinkTank. */
export const GET = apiRoute(({ req, ctx }) => listOrganisationsAdmin(ctx, Object.fromEntries(req.nextUrl.searchParams)));

/** Add a property firm, owners' committee or think tank. */
export const POST = apiRoute(async ({ req, ctx }) => createOrganisation(ctx, await readJson(req)), { status: 201 });
