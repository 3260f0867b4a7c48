import { apiRoute, readJson } from "@/lib/api/handler";
import { recordAttendance } from "@/lib/meetings/record-attendance";

/** Staff tick someone off as present, or take it back: { personId, present }. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return recordAttendance(ctx, { ...body, meetingId: params.id });
});
