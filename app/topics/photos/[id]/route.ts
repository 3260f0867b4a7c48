import { eq } from "drizzle-orm";
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { topicPhotos } from "@/db/schema";
import { actorFor } from "@/lib/api/handler";
import { loadVisibleTopic } from "@/lib/topics/access";
import { photoResponse, photoSizeOf } from "@/lib/uploads/serve";

/** A topic's photo, for those who may see the topic. `?size=thumb` gives the list-size copy; served with nosniff. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const db = getDb();
  const photo = Number.isInteger(id) && id > 0 ? db.select().from(topicPhotos).where(eq(topicPhotos.id, id)).get() : undefined;
  if (!photo) return new NextResponse(null, { status: 404 });
  try {
    loadVisibleTopic(db, await actorFor(req), photo.topicId);
  } catch {
    return new NextResponse(null, { status: 404 });
  }
  return photoResponse(photo.storedName, photo.mime, photoSizeOf(req.nextUrl));
}
