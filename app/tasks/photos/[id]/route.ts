import { eq } from "drizzle-orm";
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { taskPhotos, taskUpdates } from "@/db/schema";
import { actorFor } from "@/lib/api/handler";
import { loadVisibleTask } from "@/lib/tasks/shared";
import { photoResponse, photoSizeOf } from "@/lib/uploads/serve";

/** A progress photo, for those who may see the task's topic. `?size=thumb` gives the list-size copy; served with nosniff. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  const db = getDb();
  const photo =
    Number.isInteger(id) && id > 0
      ? db
          .select({ storedName: taskPhotos.storedName, mime: taskPhotos.mime, taskId: taskUpdates.taskId })
          .from(taskPhotos)
          .innerJoin(taskUpdates, eq(taskPhotos.taskUpdateId, taskUpdates.id))
          .where(eq(taskPhotos.id, id))
          .get()
      : undefined;
  if (!photo) return new NextResponse(null, { status: 404 });
  try {
    loadVisibleTask(db, await actorFor(req), photo.taskId);
  } catch {
    return new NextResponse(null, { status: 404 });
  }
  return photoResponse(photo.storedName, photo.mime, photoSizeOf(req.nextUrl));
}
