import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";

/** Who the caller is, with the roles they hold and where. */
export const GET = apiRoute(({ ctx }) => {
  const a = ctx.actor;
  if (!a) throw new AppError("unauthenticated", "signInRequired");
  return { id: a.personId, name: a.name, phone: a.phone, displayNumber: a.displayNumber, status: a.status, roles: a.roles };
});
