import { apiRoute } from "@/lib/api/handler";
import { searchPeopleForInvite } from "@/lib/opinions/search-people-for-invite";

/** People of the topic's community matching ?q= (name, phone or display number), for the invite picker. */
export const GET = apiRoute<{ id: string }>(async ({ req, ctx, params }) => ({
  people: await searchPeopleForInvite(ctx, { topicId: params.id, q: req.nextUrl.searchParams.get("q") ?? "" }),
}));
