import { apiRoute, readJson } from "@/lib/api/handler";
import { checkIn } from "@/lib/meetings/check-in";

/** Self check-in with the code of the QR shown in the room: { code }. 422 wrong code, 410 expired. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return checkIn(ctx, { ...body, meetingId: params.id });
});
