import { apiRoute } from "@/lib/api/handler";

/** Who the caller is, with the roles they hold and where. */
export const GET = apiRoute(({ ctx }) => {
  const a = ctx.actor;
  return { id: a.personId, name: a.name, phone: a.phone, displayNumber: a.displayNumber, status: a.status, roles: a.roles };
});
