import { and, eq, sql } from "drizzle-orm";
import { cosigns, opinions, topicEvents, topics } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { Ctx } from "@/lib/context";
import { isTerminal } from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { reindexTopic } from "@/lib/search/index-topic";
import { mergeTopicInput } from "@/lib/validation/topics";
import { loadVisibleTopic, topicRelations, topicResource } from "./access";
import { applyTransition } from "./apply-transition";
import { topicFollowerIds } from "./staff-of-topic";
import { supporters } from "./supporters";

/**
 * A duplicate is merged into an existing topic of the same grid: its proposer and co-signers
 * become co-signers of the target, and its opinions move over, so nobody's voice is lost.
 */
export function mergeTopic(ctx: Ctx, raw: unknown, now = new Date()) {
  const input = mergeTopicInput.parse(raw);
  const { db, actor } = ctx;
  const source = loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(source));
  const target = db.select().from(topics).where(eq(topics.id, input.intoTopicId)).get();
  if (input.intoTopicId !== source.id) {
    if (!target || target.communityId !== source.communityId || target.gridId !== source.gridId) {
      throw new AppError("invalid_input", "mergeTargetInvalid", {}, { intoTopicId: "mergeTargetInvalid" });
    }
    if (isTerminal(target.state) || target.state === "closed") throw new AppError("conflict", "mergeTargetEnded", {}, { intoTopicId: "mergeTargetEnded" });
  }

  return db.transaction((tx) => {
    const moved = applyTransition(tx, source, "merge", { personId: actor.personId, relations: topicRelations(actor, source) }, { mergeIntoTopicId: input.intoTopicId, reason: input.note || undefined, now });
    const into = target!;
    tx.update(topics).set({ mergedIntoId: into.id }).where(eq(topics.id, source.id)).run();

    // Carry the voices over: everyone who backed the duplicate backs the target, once.
    const backers = [source.proposerId, ...tx.select({ p: cosigns.personId }).from(cosigns).where(eq(cosigns.topicId, source.id)).all().map((r) => r.p)];
    for (const personId of new Set(backers)) {
      if (personId === into.proposerId) continue;
      const has = tx.select({ id: cosigns.id }).from(cosigns).where(and(eq(cosigns.topicId, into.id), eq(cosigns.personId, personId))).get();
      if (!has) tx.insert(cosigns).values({ topicId: into.id, personId, createdAt: now }).run();
    }
    tx.update(opinions).set({ topicId: into.id }).where(eq(opinions.topicId, source.id)).run();
    const counts = tx
      .select({
        c: sql<number>`(select count(*) from ${cosigns} where ${cosigns.topicId} = ${into.id})`,
        // The count shown is of visible opinions: hiding one takes it off (lib/opinions/hide-opinion.ts).
        o: sql<number>`(select count(*) from ${opinions} where ${opinions.topicId} = ${into.id} and ${opinions.hiddenAt} is null)`,
      })
      .from(sql`(select 1)`)
      .get()!;
    const updated = tx.update(topics).set({ cosignCount: counts.c, opinionCount: counts.o, updatedAt: now }).where(eq(topics.id, into.id)).returning().get();
    tx.update(topics).set({ opinionCount: 0 }).where(eq(topics.id, source.id)).run();
    tx.insert(topicEvents).values({ topicId: into.id, actorId: actor.personId, kind: "mergedIn", data: { from: source.id, title: source.title }, at: now }).run();
    if (updated.state === "proposed" && supporters(updated) >= updated.cosignThreshold) {
      applyTransition(tx, updated, "reachThreshold", { personId: null, relations: ["system"] }, { now });
    }
    reindexTopic(tx, source.id);
    reindexTopic(tx, into.id);
    notify(tx, topicFollowerIds(tx, source), "merged", { at: now, topicId: into.id, actorId: actor.personId, data: { title: source.title, into: into.title } });
    recordEvent(tx, { actorId: actor.personId, kind: "topic.merged", subjectType: "topic", subjectId: source.id, data: { into: into.id } });
    return { topicId: source.id, state: moved.to, intoTopicId: into.id };
  });
}
