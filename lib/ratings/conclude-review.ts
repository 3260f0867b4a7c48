import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { notices, people, topics, type Topic } from "@/db/schema";
import type { DB, Tx } from "@/db/client";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { concludeBlocker, ratingDimensions, type CloseRuleResult } from "@/lib/domain/close-rule";
import { AppError } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { applyTransition } from "@/lib/topics/apply-transition";
import { topicFollowerIds, topicStaffIds } from "@/lib/topics/staff-of-topic";
import { concludeReviewInput } from "@/lib/validation/ratings";
import { assignedSupervisorIds, dimensionNamesZh, evaluateTopicCloseRule, failingChecksText, roundFacts } from "./close-rule-facts";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

const DAY = 86_400_000;
export const CLOSURE_NOTICE_DAYS = 7;

/** The closure notice (办结公示): the means per dimension and the residents' satisfaction. */
export async function closureNoticeBody(tx: Tx, topic: Topic, result: CloseRuleResult): Promise<string> {
  const { residentAnswers } = await roundFacts(tx, topic.id, topic.rectificationRound);
  const means = ratingDimensions.map((d) => `${dimensionNamesZh[d]} ${result.dimensionMeans[d]?.toFixed(2) ?? "—"}`).join("，");
  const satisfied = residentAnswers.filter((a) => a !== "notSatisfied").length;
  const share = result.checks.find((c) => c.key === "satisfiedShare")?.value ?? "—";
  const ratingCount = result.checks.find((c) => c.key === "ratings")?.value ?? "0";
  const lines = [
    `议题《${topic.title}》经民间督导员监督评价，达到办结条件，现予办结公示。`,
    `督导员评价 ${ratingCount} 份，各维度平均分（满分 5 分）：${means}。`,
    residentAnswers.length > 0
      ? `居民满意度：${residentAnswers.length} 人答复，满意及基本满意 ${satisfied} 人，占 ${share}。`
      : "居民满意度：暂无居民答复。",
  ];
  if (topic.rectificationRound > 0) lines.push(`期间经过 ${topic.rectificationRound} 轮整改。`);
  return lines.join("\n");
}

/**
 * The close rule's verdict on the current round, or a 409 while the round cannot be concluded:
 * an assigned supervisor has neither rated nor been excused (named in the message), or there is
 * no rating at all. The same check gates the button on the review page.
 */
async function verdictWhenReady(tx: DB | Tx, topic: Topic) {
  const evaluation = await evaluateTopicCloseRule(tx, topic);
  const blocker = concludeBlocker(evaluation.result);
  if (blocker === "supervisorsPending") {
    const names = (await tx
      .select({ name: people.name })
      .from(people)
      .where(inArray(people.id, evaluation.result.missingSupervisorIds))
      .orderBy(asc(people.name)))
      .map((p) => p.name);
    throw new AppError("conflict", "reviewSupervisorsPending", { names: names.join("、"), count: names.length });
  }
  if (blocker === "noRatings") throw new AppError("conflict", "reviewNoRatings");
  return evaluation;
}

async function loadForConclude(ctx: ActorCtx, raw: unknown) {
  const input = concludeReviewInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  if (topic.state !== "underReview") throw new AppError("conflict", "reviewNotOpen");
  return { input, topic, actor };
}

/**
 * What concluding would do now, for the confirmation step: the outcome (closed, or back to
 * rectification as round n+1) and the figures of every check. Writes nothing; refuses exactly
 * when concluding would.
 */
export async function previewConcludeReview(ctx: ActorCtx, raw: unknown) {
  const { input, topic } = await loadForConclude(ctx, raw);
  const { rule, result } = await verdictWhenReady(ctx.db, topic);
  return {
    topicId: topic.id,
    title: topic.title,
    outcome: result.met ? ("closed" as const) : ("rectifying" as const),
    /** The round being concluded, counted from 0. */
    round: topic.rectificationRound,
    checks: result.checks,
    rule,
    reviewOn: result.met ? (input.reviewOn ?? null) : null,
  };
}

/**
 * Staff conclude the review of the current round. The community's close rule decides, not the
 * staff member: met → the topic is closed (办结) and the closure is published on the notice board;
 * not met → it goes back for rectification (整改) with the failing checks as the reason, and a new
 * round begins. Not while a supervisor is still to rate (unless staff recorded why they cannot),
 * and never without a rating.
 */
export async function concludeReview(ctx: ActorCtx, raw: unknown, now = new Date()) {
  const { input, topic, actor } = await loadForConclude(ctx, raw);
  const { db } = ctx;

  return await unitOfWork(db, async (tx) => {
    const { result } = await verdictWhenReady(tx, topic);
    const followers = await topicFollowerIds(tx, topic);
    if (result.met) {
      const moved = await applyTransition(tx, topic, "close", actor, { now });
      await tx.update(topics).set({ closedAt: now, reviewOn: input.reviewOn ?? null, reviewRemindedAt: null }).where(eq(topics.id, topic.id));
      const notice = await first(tx
        .insert(notices)
        .values({
          communityId: topic.communityId,
          gridId: topic.gridId,
          kind: "closure",
          topicId: topic.id,
          title: `《${topic.title}》办结公示`,
          body: await closureNoticeBody(tx, topic, result),
          publishedAt: now,
          until: new Date(now.getTime() + CLOSURE_NOTICE_DAYS * DAY),
          createdBy: actor.personId,
        })
        .returning({ id: notices.id }));
      await notify(tx, [...followers, ...await assignedSupervisorIds(tx, topic.id)], "topicClosed", { at: now, topicId: topic.id, actorId: actor.personId, data: { topic: topic.title } });
      await recordEvent(tx, { actorId: actor.personId, kind: "topic.closed", subjectType: "topic", subjectId: topic.id, data: { round: topic.rectificationRound, noticeId: notice.id, reviewOn: input.reviewOn ?? null } });
      return { topicId: topic.id, outcome: "closed" as const, state: moved.to, round: topic.rectificationRound, noticeId: notice.id, reasonKeys: [] as string[] };
    }
    const reason = failingChecksText(result);
    const moved = await applyTransition(tx, topic, "requireRectification", actor, { reason, now });
    const round = topic.rectificationRound + 1;
    await tx.update(topics).set({ rectificationRound: round }).where(eq(topics.id, topic.id));
    await notify(tx, [...followers, ...await topicStaffIds(tx, topic), ...await assignedSupervisorIds(tx, topic.id)], "rectificationRequired", {
      at: now,
      topicId: topic.id,
      actorId: actor.personId,
      data: { topic: topic.title, round },
    });
    await recordEvent(tx, { actorId: actor.personId, kind: "topic.rectificationRequired", subjectType: "topic", subjectId: topic.id, data: { ratedRound: topic.rectificationRound, round, reasonKeys: result.reasonKeys } });
    return { topicId: topic.id, outcome: "rectifying" as const, state: moved.to, round, noticeId: null, reasonKeys: result.reasonKeys as string[] };
  });
}
