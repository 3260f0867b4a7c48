import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { cosigns, opinions, topicEvents, topics, type Topic } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { isTerminal } from "@/lib/domain/topic-state-machine";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { reindexTopic } from "@/lib/search/index-topic";
import { mergeTopicInput } from "@/lib/validation/topics";
import { loadVisibleTopic, topicResource } from "./access";
import { applyTransition, checkTransition } from "./apply-transition";
import { topicFollowerIds } from "./staff-of-topic";
import { supporters } from "./supporters";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/** The duplicate and the topic it goes into, checked: same grid, target still live. */
async function loadMerge(ctx: ActorCtx, raw: unknown) {
  const input = mergeTopicInput.parse(raw);
  const { db, actor } = ctx;
  const source = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(source));
  const target = await first(db.select().from(topics).where(eq(topics.id, input.intoTopicId)));
  if (input.intoTopicId !== source.id) {
    if (!target || target.communityId !== source.communityId || target.gridId !== source.gridId) {
      throw new AppError("invalid_input", "mergeTargetInvalid", {}, { intoTopicId: "mergeTargetInvalid" });
    }
    if (isTerminal(target.state) || target.state === "closed") throw new AppError("conflict", "mergeTargetEnded", {}, { intoTopicId: "mergeTargetEnded" });
  }
  return { input, source, target, actor };
}

/**
 * What moves over: the duplicate's backers (its proposer and co-signers) who do not back the
 * target yet, and its opinions. The same computation serves the confirmation and the merge.
 */
async function mergePlan(tx: DB | Tx, source: Topic, into: Topic) {
  const backers = [...new Set([source.proposerId, ...(await tx.select({ p: cosigns.personId }).from(cosigns).where(eq(cosigns.topicId, source.id))).map((r) => r.p)])];
  const targetBackers = new Set([into.proposerId, ...(await tx.select({ p: cosigns.personId }).from(cosigns).where(eq(cosigns.topicId, into.id))).map((r) => r.p)]);
  const newBackers = backers.filter((p) => !targetBackers.has(p));
  const opinionsVisible = (await first(tx.select({ n: sql<number>`count(*)` }).from(opinions).where(and(eq(opinions.topicId, source.id), isNull(opinions.hiddenAt)))))!.n;
  const opinionsHidden = (await first(tx.select({ n: sql<number>`count(*)` }).from(opinions).where(and(eq(opinions.topicId, source.id), isNotNull(opinions.hiddenAt)))))!.n;
  return { backers, newBackers, opinionsVisible, opinionsHidden };
}

const topicSummary = (t: Topic) => ({ id: t.id, title: t.title, state: t.state, supporters: supporters(t), cosignThreshold: t.cosignThreshold, opinionCount: t.opinionCount });

/**
 * What merging would do, for the confirmation step: both topics and what moves over — backers
 * (and how many already back the target), opinions, the target's figures afterwards. Writes
 * nothing; refuses exactly when the merge would.
 */
export async function previewMerge(ctx: ActorCtx, raw: unknown) {
  const { input, source, target, actor } = await loadMerge(ctx, raw);
  await checkTransition(ctx.db, source, "merge", actor, { mergeIntoTopicId: input.intoTopicId, reason: input.note || undefined });
  const into = target!;
  const plan = await mergePlan(ctx.db, source, into);
  const supportersAfter = supporters(into) + plan.newBackers.length;
  return {
    source: topicSummary(source),
    target: topicSummary(into),
    backers: plan.backers.length,
    newBackers: plan.newBackers.length,
    alreadyBacking: plan.backers.length - plan.newBackers.length,
    opinionsVisible: plan.opinionsVisible,
    opinionsHidden: plan.opinionsHidden,
    after: { supporters: supportersAfter, opinionCount: into.opinionCount + plan.opinionsVisible, reachesThreshold: into.state === "proposed" && supportersAfter >= into.cosignThreshold },
    note: input.note,
  };
}

/**
 * A duplicate is merged into an existing topic of the same grid: its proposer and co-signers
 * become co-signers of the target, and its opinions move over, so nobody's voice is lost.
 * The target is always named by the caller: there is no default.
 */
export async function mergeTopic(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const { input, source, target, actor } = await loadMerge(ctx, raw);
  const { db } = ctx;

  return await unitOfWork(db, async (tx) => {
    const moved = await applyTransition(tx, source, "merge", actor, { mergeIntoTopicId: input.intoTopicId, reason: input.note || undefined, now });
    const into = target!;
    await tx.update(topics).set({ mergedIntoId: into.id }).where(eq(topics.id, source.id));

    // Carry the voices over: everyone who backed the duplicate backs the target, once.
    for (const personId of (await mergePlan(tx, source, into)).newBackers) await tx.insert(cosigns).values({ topicId: into.id, personId, createdAt: now });
    await tx.update(opinions).set({ topicId: into.id }).where(eq(opinions.topicId, source.id));
    const counts = (await first(tx
      .select({
        c: sql<number>`(select count(*) from ${cosigns} where ${cosigns.topicId} = ${into.id})`,
        // The count shown is of visible opinions: hiding one takes it off (lib/opinions/hide-opinion.ts).
        o: sql<number>`(select count(*) from ${opinions} where ${opinions.topicId} = ${into.id} and ${opinions.hiddenAt} is null)`,
      })
      // Named: PostgreSQL (before 16) refuses a subquery in FROM without an alias.
      .from(sql`(select 1) as one`)))!;
    const updated = await first(tx.update(topics).set({ cosignCount: counts.c, opinionCount: counts.o, updatedAt: now }).where(eq(topics.id, into.id)).returning());
    await tx.update(topics).set({ opinionCount: 0 }).where(eq(topics.id, source.id));
    await tx.insert(topicEvents).values({ topicId: into.id, actorId: actor.personId, kind: "mergedIn", data: { from: source.id, title: source.title }, at: now });
    if (updated.state === "proposed" && supporters(updated) >= updated.cosignThreshold) {
      await applyTransition(tx, updated, "reachThreshold", "system", { now });
    }
    await reindexTopic(tx, source.id);
    await reindexTopic(tx, into.id);
    await notify(tx, await topicFollowerIds(tx, source), "merged", { at: now, topicId: into.id, actorId: actor.personId, data: { title: source.title, into: into.title } });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.merged", subjectType: "topic", subjectId: source.id, data: { into: into.id } });
    return { topicId: source.id, state: moved.to, intoTopicId: into.id };
  });
}
