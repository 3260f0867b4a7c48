import { apiRoute, readJson } from "@/lib/api/handler";
import { excuseSupervisor } from "@/lib/ratings/excuse-supervisor";

/** Record why an assigned supervisor cannot rate the current round: { personId, reason }. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => excuseSupervisor(ctx, { ...((await readJson(req)) as object), topicId: params.id }), { status: 201 });
