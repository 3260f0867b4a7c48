import { apiRoute, readJson } from "@/lib/api/handler";
import { listMeetings } from "@/lib/meetings/list-meetings";
import { meetingsForTopic } from "@/lib/meetings/meetings-for-topic";
import { scheduleMeeting } from "@/lib/meetings/schedule-meeting";

/** Meetings of the caller's communities (upcoming and past), or with ?topicId= those of one topic. */
export const GET = apiRoute(async ({ req, ctx }) => {
  const query = Object.fromEntries(req.nextUrl.searchParams);
  return query.topicId ? await meetingsForTopic(ctx, { topicId: query.topicId }) : await listMeetings(ctx, query);
});

/** Schedule a meeting (grid staff for their grid; community admins also for the community). */
export const POST = apiRoute(async ({ req, ctx }) => scheduleMeeting(ctx, await readJson(req)), { status: 201 });
