import { apiRoute, readJson } from "@/lib/api/handler";
import { getMeeting } from "@/lib/meetings/get-meeting";
import { updateMeeting } from "@/lib/meetings/update-meeting";

/** One meeting as the caller may see it. */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => getMeeting(ctx, { meetingId: params.id }));

/** Change title, time or place, or invite more people (the meeting's staff). */
export const PATCH = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return updateMeeting(ctx, { ...body, meetingId: params.id });
});
