import { AppError } from "@/lib/errors";
import { loadActor } from "@/lib/auth/actor";
import { verifyCredentials } from "@/lib/auth/credentials";
import { issueApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { clientAddress } from "@/lib/security/client-address";
import { publicApiRoute, readJson } from "@/lib/api/handler";

/** Sign in: mobile number + password → bearer token (shown once). */
export const POST = publicApiRoute(
  async ({ req, ctx }) => {
    const { personId } = await verifyCredentials(ctx.db, await readJson(req), { address: clientAddress(req.headers) });
    const { token, expiresAt } = await issueApiToken(ctx.db, personId);
    const person = (await loadActor(ctx.db, personId))!;
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      person: { id: person.personId, name: person.name, displayNumber: person.displayNumber, status: person.status },
    };
  },
  { status: 201 },
);

/** Sign out of the API: the presented token stops working. */
export const DELETE = publicApiRoute(async ({ req, ctx }) => {
  const token = req.headers.get("authorization")?.replace(/^bearer\s+/i, "").trim();
  // No token to revoke is a caller who is not signed in to the API: 401, like every route that
  // needs a person (a session cookie alone has no token to revoke).
  if (!token) throw new AppError("unauthenticated", "signInRequired");
  await revokeApiToken(ctx.db, token);
  return { ok: true };
});
