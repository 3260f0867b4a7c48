import type { NextRequest } from "next/server";
import { apiRoute, readForm, readJson } from "@/lib/api/handler";
import { getReview } from "@/lib/ratings/get-review";
import { rateTopic } from "@/lib/ratings/rate-topic";
import { realFiles } from "@/lib/uploads/photos";

/** Each round's ratings: means and counts for everyone, individual ratings for staff and supervisors. */
export const GET = apiRoute<{ id: string }>(({ ctx, params }) => {
  const review = getReview(ctx, { topicId: params.id });
  return { topic: review.topic, rounds: review.rounds };
});

/** Rate the current round: JSON, or multipart/form-data with up to 9 "photos". */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const { fields, photos } = await readBody(req);
    return rateTopic(ctx, { ...(fields as object), topicId: params.id }, photos);
  },
  { status: 201 },
);

async function readBody(req: NextRequest): Promise<{ fields: unknown; photos: File[] }> {
  if (req.headers.get("content-type")?.startsWith("multipart/form-data")) {
    const form = await readForm(req);
    const fields: Record<string, string> = {};
    for (const [k, v] of form.entries()) if (typeof v === "string") fields[k] = v;
    return { fields, photos: realFiles(form.getAll("photos")) };
  }
  return { fields: await readJson(req), photos: [] };
}
