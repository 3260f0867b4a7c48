import { apiRoute, readJson } from "@/lib/api/handler";
import { listOpinions } from "@/lib/opinions/list-opinions";
import { postOpinion } from "@/lib/opinions/post-opinion";

/** The topic's opinions with their replies; hidden text only for the topic's staff. */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => listOpinions(ctx, { topicId: params.id }));

/** Give an opinion ({ stance, body }), reply ({ parentId, body }), or answer officially ({ …, officialOrganisationId }). */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    return postOpinion(ctx, { ...body, topicId: params.id });
  },
  { status: 201 },
);
