import { apiRoute, readJson } from "@/lib/api/handler";
import { respondToInvitation } from "@/lib/meetings/respond-to-invitation";

/** An invitee answers: { response: "attending" | "declined" }. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return respondToInvitation(ctx, { ...body, meetingId: params.id });
});
