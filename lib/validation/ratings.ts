import { z } from "zod";
import { ratingDimensions, residentAnswers } from "@/lib/domain/close-rule";
import { calendarDate, checkbox, id, optionalText } from "./common";

/** A score from a form or JSON: an integer 1–5. */
const score = z.coerce.number({ error: "ratingScoreRange" }).int({ error: "ratingScoreRange" }).min(1, { error: "ratingScoreRange" }).max(5, { error: "ratingScoreRange" });

/** Several ids: a JSON array, or the repeated values of a form field. */
const idList = z.preprocess((v) => (Array.isArray(v) ? v : v == null || v === "" ? [] : [v]), z.array(id).min(1, { error: "supervisorsRequired" }).max(20, { error: "supervisorsTooMany" }));

export const assignSupervisorsInput = z.object({ topicId: id, personIds: idList });
export type AssignSupervisorsInput = z.infer<typeof assignSupervisorsInput>;

export const unassignSupervisorInput = z.object({ topicId: id, personId: id });

/** Staff record why an assigned supervisor cannot rate this round (ill, moved away …). */
export const excuseSupervisorInput = z.object({
  topicId: id,
  personId: id,
  reason: z.string({ error: "excuseReasonRequired" }).trim().min(2, { error: "excuseReasonRequired" }).max(200, { error: "textTooLong" }),
});

const scores = Object.fromEntries(ratingDimensions.map((d) => [d, score])) as Record<(typeof ratingDimensions)[number], typeof score>;

export const rateTopicInput = z.object({
  topicId: id,
  ...scores,
  comment: z.string({ error: "ratingCommentRequired" }).trim().min(2, { error: "ratingCommentRequired" }).max(1000, { error: "textTooLong" }),
});
export type RateTopicInput = z.infer<typeof rateTopicInput>;

export const answerSatisfactionInput = z.object({
  topicId: id,
  answer: z.enum(residentAnswers, { error: "satisfactionAnswerRequired" }),
  comment: optionalText(300),
});

/** A follow-up date (回访日期), YYYY-MM-DD. */
const reviewDate = calendarDate("reviewDateInvalid");

export const concludeReviewInput = z.object({
  topicId: id,
  reviewOn: z.preprocess((v) => (v === "" || v === null ? undefined : v), reviewDate.optional()),
});

export const recordReviewCheckInput = z.object({
  topicId: id,
  outcome: z.enum(["held", "failed"], { error: "reviewOutcomeRequired" }),
  note: optionalText(500),
});

/** A checkbox arrives as "on" from a form, a boolean from JSON. */

export const setCloseRuleInput = z.object({
  communityId: id,
  /** Go back to the default rule (stored as null). */
  useDefault: checkbox.default(false),
  minDimensionMean: z.coerce.number({ error: "closeRuleMeanRange" }),
  minSatisfiedShare: z.coerce.number({ error: "closeRuleShareRange" }),
  minResidentAnswers: z.coerce.number({ error: "closeRuleMinAnswers" }),
  requireAllSupervisors: checkbox.default(false),
});
export type SetCloseRuleInput = z.infer<typeof setCloseRuleInput>;

export const reviewQuery = z.object({ topicId: id });
