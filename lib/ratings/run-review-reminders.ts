import { and, eq, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { DB } from "@/db/client";
import { notifications, supervisionRatings, topicSupervisors, topics } from "@/db/schema";
import { recordEvent } from "@/lib/events/record";
import { shanghaiDate } from "@/lib/time";
import { notify } from "@/lib/notifications/notify";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { assignedSupervisorIds } from "./close-rule-facts";
import { unitOfWork } from "@/db/unit-of-work";
import { jsonNumber } from "@/db/sql/json";

/**
 * The system's part of the review (监督评价 / 回访), safe to run at any time, any number of times:
 * - closed topics whose follow-up date (reviewOn) has come: grid staff and the assigned supervisors
 *   are told once (reviewRemindedAt);
 * - topics under review: each assigned supervisor who has not rated the current round is asked to
 *   rate once per round — this catches topics that reached review by any path (end of delivery,
 *   end of a rectification), without those paths knowing about supervisors.
 */
export async function runReviewReminders(db: DB, now = new Date()): Promise<{ reminded: number; requested: number }> {
  const today = shanghaiDate(now);
  return await unitOfWork(db, async (tx) => {
    const due = await tx
      .select()
      .from(topics)
      .where(and(eq(topics.state, "closed"), isNotNull(topics.reviewOn), lte(topics.reviewOn, today), isNull(topics.reviewRemindedAt)));
    for (const topic of due) {
      await tx.update(topics).set({ reviewRemindedAt: now }).where(eq(topics.id, topic.id));
      const gridStaff = await topicStaffIds(tx, { ...topic, level: "grid" });
      await notify(tx, [...gridStaff, ...await assignedSupervisorIds(tx, topic.id)], "reviewDue", { at: now, topicId: topic.id, data: { topic: topic.title, reviewOn: topic.reviewOn ?? "" } });
      await recordEvent(tx, { actorId: null, kind: "topic.reviewDue", subjectType: "topic", subjectId: topic.id, data: { reviewOn: topic.reviewOn } });
    }

    // Assigned supervisors of topics under review with neither a rating nor a request for this round.
    const waiting = await tx
      .select({ topicId: topics.id, title: topics.title, round: topics.rectificationRound, personId: topicSupervisors.personId })
      .from(topicSupervisors)
      .innerJoin(topics, eq(topics.id, topicSupervisors.topicId))
      .where(
        and(
          eq(topics.state, "underReview"),
          sql`not exists (select 1 from ${supervisionRatings} r where r.topic_id = ${topics.id} and r.round = ${topics.rectificationRound} and r.supervisor_id = ${topicSupervisors.personId})`,
          sql`not exists (select 1 from ${notifications} n where n.person_id = ${topicSupervisors.personId} and n.topic_id = ${topics.id} and n.kind = 'ratingRequested' and ${jsonNumber(tx, sql`n.data`, "round")} = ${topics.rectificationRound})`,
        ),
      );
    for (const w of waiting) await notify(tx, [w.personId], "ratingRequested", { at: now, topicId: w.topicId, data: { topic: w.title, round: w.round } });
    return { reminded: due.length, requested: waiting.length };
  });
}
