import { apiRoute, readJson } from "@/lib/api/handler";
import { publishMinutes } from "@/lib/meetings/publish-minutes";

/** Publish the minutes (optionally saving { minutes } first); they are read-only afterwards. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return publishMinutes(ctx, { ...body, meetingId: params.id });
});
