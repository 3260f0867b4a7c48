import { changePassword } from "@/lib/accounts/change-password";
import { clientAddress } from "@/lib/security/client-address";
import { apiRoute, bearerToken, readJson } from "@/lib/api/handler";
import { currentSessionId } from "@/lib/auth/session";

/** Change the caller's own password; every other session and token of theirs ends, this one stays. */
export const POST = apiRoute(async ({ req, ctx }) => {
  const token = bearerToken(req);
  return changePassword(ctx, await readJson(req), {
    token,
    sessionId: token === null ? await currentSessionId() : null,
    address: clientAddress(req.headers),
  });
});
