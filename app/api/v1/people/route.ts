import { apiRoute, readJson } from "@/lib/api/handler";
import { createPerson } from "@/lib/admin/create-person";
import { listPeopleAdmin } from "@/lib/admin/list-people-admin";

/** People of the caller's community: ?q= name, phone or display number; ?page= (community admins). */
export const GET = apiRoute(({ req, ctx }) => listPeopleAdmin(ctx, Object.fromEntries(req.nextUrl.searchParams)));

/** Create a verified account with a first role. */
export const POST = apiRoute(async ({ req, ctx }) => createPerson(ctx, await readJson(req)), { status: 201 });
