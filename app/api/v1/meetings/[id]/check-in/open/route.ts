import { apiRoute, readJson } from "@/lib/api/handler";
import { openCheckIn } from "@/lib/meetings/open-check-in";

/** Open self check-in: a new code valid for { validMinutes } (default 30). */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return openCheckIn(ctx, { ...body, meetingId: params.id });
});
