import { apiRoute, readFieldsAndFiles } from "@/lib/api/handler";
import { getReview } from "@/lib/ratings/get-review";
import { rateTopic } from "@/lib/ratings/rate-topic";

/** Each round's ratings: means and counts for everyone, individual ratings for staff and supervisors. */
export const GET = apiRoute<{ id: string }>(async ({ ctx, params }) => {
  const review = await getReview(ctx, { topicId: params.id });
  return { topic: review.topic, rounds: review.rounds };
});

/** Rate the current round: JSON, or multipart/form-data with up to 9 "photos". */
export const POST = apiRoute<{ id: string }>(
  async ({ req, ctx, params }) => {
    const { fields, files } = await readFieldsAndFiles(req, "photos");
    return rateTopic(ctx, { ...fields, topicId: params.id }, files);
  },
  { status: 201 },
);
