import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { taskPhotos, taskUpdates } from "@/db/schema";
import { actorFor } from "@/lib/api/handler";
import { loadVisibleTask } from "@/lib/tasks/shared";
import { uploadsDir } from "@/lib/uploads/photos";

/** A progress photo, for those who may see the task's topic. Served with its sniffed type and nosniff. */
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
  const bytes = fs.readFileSync(path.join(uploadsDir(), photo.storedName));
  return new NextResponse(new Uint8Array(bytes), {
    headers: {
      "content-type": photo.mime,
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
}
