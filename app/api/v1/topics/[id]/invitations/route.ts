import { apiRoute, readJson } from "@/lib/api/handler";
import { inviteToTopic } from "@/lib/opinions/invite-to-topic";
import { listInvitations } from "@/lib/opinions/list-invitations";

/** Who has been invited into the topic, and the think tanks one may invite (the topic's staff only). */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => listInvitations(ctx, { topicId: params.id }));

/** Invite people ({ personIds }) and/or a think tank's members ({ organisationId }); repeats are no-ops. */
export const POST = apiRoute<{ id: string }>(async ({ req, ctx, params }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return inviteToTopic(ctx, { ...body, topicId: params.id });
});
