import { apiRoute } from "@/lib/api/handler";
import { cancelMeeting } from "@/lib/meetings/cancel-meeting";

/** Call off a meeting that has not been held. */
export const POST = apiRoute<{ id: string }>(({ ctx, params }) => cancelMeeting(ctx, { meetingId: params.id }));
