import { apiRoute, readJson } from "@/lib/api/handler";
import { saveMinutes } from "@/lib/meetings/save-minutes";

/** Save the minutes draft: { body (tiptap JSON), agenda: [{ topicId, discussion, conclusion }], followUps }. */
export const PUT = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return saveMinutes(ctx, { ...body, meetingId: params.id });
});
