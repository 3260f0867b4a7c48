import { eq } from "drizzle-orm";
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { ratingPhotos, supervisionRatings } from "@/db/schema";
import { actorFor } from "@/lib/api/handler";
import { mayReadRatings } from "@/lib/ratings/get-review";
import { loadVisibleTopic } from "@/lib/topics/access";
import { photoResponse, photoSizeOf } from "@/lib/uploads/serve";

/**
 * A rating's photo, for those who may read individual ratings (the topic's staff and supervisors);
 * anyone else gets 404, so that the photo's existence does not leak.
 */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const db = getDb();
  const photo = Number.isInteger(id) && id > 0
    ? db.select({ storedName: ratingPhotos.storedName, mime: ratingPhotos.mime, topicId: supervisionRatings.topicId }).from(ratingPhotos).innerJoin(supervisionRatings, eq(supervisionRatings.id, ratingPhotos.ratingId)).where(eq(ratingPhotos.id, id)).get()
    : undefined;
  if (!photo) return new NextResponse(null, { status: 404 });
  try {
    const actor = await actorFor(req);
    const topic = loadVisibleTopic(db, actor, photo.topicId);
    if (!mayReadRatings(db, actor, topic)) return new NextResponse(null, { status: 404 });
  } catch {
    return new NextResponse(null, { status: 404 });
  }
  return photoResponse(photo.storedName, photo.mime, photoSizeOf(req.nextUrl));
}
