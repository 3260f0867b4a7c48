import "server-only";
import { and, eq } from "drizzle-orm";
import { ratingPhotos, supervisionRatings, topicEvents } from "@/db/schema";
import { requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { ratingDimensions } from "@/lib/domain/close-rule";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { loadVisibleTopic } from "@/lib/topics/access";
import { storePhotos } from "@/lib/uploads/photos";
import { rateTopicInput } from "@/lib/validation/ratings";
import { isAssignedSupervisor } from "./shared";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * An assigned supervisor rates the current round (监督评价) once: five dimensions 1–5, a comment,
 * optional photos. Every check runs before the photos are written; if the transaction fails after
 * all, the written photos are removed again.
 */
export async function rateTopic(ctx: ActorCtx, raw: unknown, files: File[] = [], now = new Date()) {
  const input = rateTopicInput.parse(raw);
  const { db, actor } = ctx;
  requireVerified(actor);
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  const stillSupervisor = actor.roles.some((r) => r.role === "supervisor" && r.communityId === topic.communityId && (r.gridId == null || r.gridId === topic.gridId));
  if (!stillSupervisor || !await isAssignedSupervisor(db, topic.id, actor.personId)) throw new AppError("forbidden", "notAssignedSupervisor");
  if (topic.state !== "underReview") throw new AppError("conflict", "ratingNotOpen");
  const round = topic.rectificationRound;
  const rated = async () =>
    !!await first(db
      .select({ id: supervisionRatings.id })
      .from(supervisionRatings)
      .where(and(eq(supervisionRatings.topicId, topic.id), eq(supervisionRatings.round, round), eq(supervisionRatings.supervisorId, actor.personId))));
  if (await rated()) throw new AppError("conflict", "alreadyRated");

  const stored = await storePhotos(files);
  try {
    return await unitOfWork(db, async (tx) => {
      // Re-read inside the transaction: the topic may have moved on while the photos were written.
      const fresh = await loadVisibleTopic(tx, actor, topic.id);
      if (fresh.state !== "underReview" || fresh.rectificationRound !== round) throw new AppError("conflict", "ratingNotOpen");
      if (!await isAssignedSupervisor(tx, topic.id, actor.personId)) throw new AppError("forbidden", "notAssignedSupervisor");
      if (await rated()) throw new AppError("conflict", "alreadyRated");
      const rating = await first(tx
        .insert(supervisionRatings)
        .values({
          topicId: topic.id,
          round,
          supervisorId: actor.personId,
          process: input.process,
          timeliness: input.timeliness,
          quality: input.quality,
          transparency: input.transparency,
          satisfaction: input.satisfaction,
          comment: input.comment,
          createdAt: now,
        })
        .returning({ id: supervisionRatings.id }));
      if (stored.photos.length > 0) await tx.insert(ratingPhotos).values(stored.photos.map((p) => ({ ratingId: rating.id, ...p })));
      await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "rated", data: { round, supervisor: actor.name }, at: now });
      await recordEvent(tx, {
        actorId: actor.personId,
        kind: "topic.rated",
        subjectType: "topic",
        subjectId: topic.id,
        data: { round, ratingId: rating.id, scores: Object.fromEntries(ratingDimensions.map((d) => [d, input[d]])), photos: stored.photos.length },
      });
      return { topicId: topic.id, ratingId: rating.id, round };
    });
  } catch (e) {
    stored.remove();
    throw e;
  }
}
