import { publicApiRoute } from "@/lib/api/handler";
import { enterProjector } from "@/lib/meetings/room/projector-cookie";

export const dynamic = "force-dynamic";

/**
 * GET /meetings/{id}/projector/enter?display=<code> — the room PC's link. A valid code becomes an
 * HttpOnly, SameSite=Strict cookie for this meeting's projector only, and the browser is sent on
 * (303) to the clean projector URL, so the code does not stay in the PC's history or address bar.
 */
export const GET = publicApiRoute<{ id: string }>(({ ctx, params, req }) => enterProjector(ctx.db, params.id, req.nextUrl.searchParams.get("display")));
