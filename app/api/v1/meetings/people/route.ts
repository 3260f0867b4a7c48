import { apiRoute } from "@/lib/api/handler";
import { searchPeople } from "@/lib/meetings/search-people";

/** Staff search verified people of a community (?q=&communityId=) to invite or tick off. */
export const GET = apiRoute(async ({ req, ctx }) => ({ people: await searchPeople(ctx, Object.fromEntries(req.nextUrl.searchParams)) }));
