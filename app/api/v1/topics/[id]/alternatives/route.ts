import { apiRoute, readJson } from "@/lib/api/handler";
import { setAlternativesAllowed } from "@/lib/topics/set-alternatives-allowed";

export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => setAlternativesAllowed(ctx, { ...((await readJson(req)) as object), topicId: params.id }));
