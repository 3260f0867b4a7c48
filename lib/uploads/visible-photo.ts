import { eq } from "drizzle-orm";
import { ratingPhotos, supervisionRatings, taskPhotos, taskUpdates, topicPhotos } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { mayReadRatings } from "@/lib/ratings/get-review";
import { loadVisibleTask } from "@/lib/tasks/shared";
import { loadVisibleTopic } from "@/lib/topics/access";
import { readStoredPhoto, type PhotoSize } from "./serve";
import { first } from "@/db/query";

/** Whose photo: a topic's (on proposing), a task's (progress reports), a supervision rating's. */
export type PhotoKind = "topic" | "task" | "rating";

type StoredPhoto = { storedName: string; mime: string };

/**
 * Each kind's photo by id, when the actor may see it: a topic's and a task's photos for those who
 * may see the topic or task; a rating's only for those who may read individual ratings (the
 * topic's staff and supervisors). Refusals throw, or give undefined, like an unknown id.
 */
const findVisible: Record<PhotoKind, (ctx: ActorCtx, id: number) => Promise<StoredPhoto | undefined>> = {
  topic: async ({ db, actor }, id) => {
    const photo = await first(db.select({ storedName: topicPhotos.storedName, mime: topicPhotos.mime, topicId: topicPhotos.topicId }).from(topicPhotos).where(eq(topicPhotos.id, id)));
    if (photo) await loadVisibleTopic(db, actor, photo.topicId);
    return photo;
  },
  task: async ({ db, actor }, id) => {
    const photo = await first(db
      .select({ storedName: taskPhotos.storedName, mime: taskPhotos.mime, taskId: taskUpdates.taskId })
      .from(taskPhotos)
      .innerJoin(taskUpdates, eq(taskPhotos.taskUpdateId, taskUpdates.id))
      .where(eq(taskPhotos.id, id)));
    if (photo) await loadVisibleTask(db, actor, photo.taskId);
    return photo;
  },
  rating: async ({ db, actor }, id) => {
    const photo = await first(db
      .select({ storedName: ratingPhotos.storedName, mime: ratingPhotos.mime, topicId: supervisionRatings.topicId })
      .from(ratingPhotos)
      .innerJoin(supervisionRatings, eq(supervisionRatings.id, ratingPhotos.ratingId))
      .where(eq(ratingPhotos.id, id)));
    if (photo && !await mayReadRatings(db, actor, await loadVisibleTopic(db, actor, photo.topicId))) return undefined;
    return photo;
  },
};

/**
 * The bytes and type of a stored photo (or its thumbnail) for a caller who may see it; otherwise
 * null — for an id that is no id, an unknown photo, one the caller may not see, a file that is gone
 * or cannot be re-encoded alike, so that whether a photo exists does not leak. The three photo
 * routes serve through this one function.
 */
export async function visiblePhoto(ctx: ActorCtx, kind: PhotoKind, rawId: string, size: PhotoSize): Promise<{ bytes: Uint8Array<ArrayBuffer>; mime: string } | null> {
  const id = Number(rawId);
  if (!Number.isInteger(id) || id <= 0) return null;
  let photo: StoredPhoto | undefined;
  try {
    photo = await findVisible[kind](ctx, id);
  } catch (e) {
    if (!(e instanceof AppError)) console.error(e);
    return null;
  }
  if (!photo) return null;
  return readStoredPhoto(photo.storedName, photo.mime, size).catch((e: unknown) => {
    console.error(`photo ${photo.storedName} could not be re-encoded`, e);
    return null;
  });
}
