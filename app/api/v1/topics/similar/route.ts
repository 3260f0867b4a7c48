import { apiRoute } from "@/lib/api/handler";
import { similarTopics } from "@/lib/topics/similar-topics";

/** Open topics of a grid like the title being typed: ?gridId=1&q=电梯 */
export const GET = apiRoute(async ({ req, ctx }) => ({ topics: await similarTopics(ctx, Object.fromEntries(req.nextUrl.searchParams)) }));
