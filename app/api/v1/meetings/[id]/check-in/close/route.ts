import { apiRoute } from "@/lib/api/handler";
import { closeCheckIn } from "@/lib/meetings/close-check-in";

/** Close self check-in: the code stops working at once. */
export const POST = apiRoute<{ id: string }>(({ ctx, params }) => closeCheckIn(ctx, { meetingId: params.id }));
