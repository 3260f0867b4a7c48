import { apiRoute } from "@/lib/api/handler";
import { proxyCandidates } from "@/lib/ballots/proxy-candidates";

/** Staff: verified people of the ballot's community, to name as someone's proxy (?q= name, number or phone). */
export const GET = apiRoute<{ id: string }>(async ({ req, ctx, params }) => ({ people: await proxyCandidates(ctx, { ballotId: params.id, q: req.nextUrl.searchParams.get("q") ?? "" }) }));
