import { clientAddress } from "@/lib/security/client-address";
import { apiRoute, publicApiRoute, readJson } from "@/lib/api/handler";
import { listPendingRegistrations } from "@/lib/people/list-registrations";
import { register } from "@/lib/people/register";

/** Register as a resident (public); the account stays pending until the grid's staff verify it. */
export const POST = publicApiRoute(async ({ req, ctx }) => register(ctx, await readJson(req), { address: clientAddress(req.headers) }), { status: 201 });

/** Pending registrations in the grids the caller may review. */
export const GET = apiRoute(async ({ ctx }) => ({ registrations: await listPendingRegistrations(ctx) }));
