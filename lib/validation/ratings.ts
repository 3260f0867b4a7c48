import { z } from "zod";
import { ratingDimensions, residentAnswers } from "@/lib/domain/close-rule";
import { id, optionalText } from "./common";

/** A score from a form or JSON: an integer 1–5. */
const score = z.coerce.number({ error: "ratingScoreRange" }).int({ error: "ratingScoreRange" }).min(1, { error: "ratingScoreRange" }).max(5, { error: "ratingScoreRange" });

/** Several ids: a JSON array, or the repeated values of a form field. */
const idList = z.preprocess((v) => (Array.isArray(v) ? v : v == null || v === "" ? [] : [v]), z.array(id).min(1, { error: "supervisorsRequired" }).max(20, { error: "supervisorsTooMany" }));

export const assignSupervisorsInput = z.object({ topicId: id, personIds: idList });
export type AssignSupervisorsInput = z.infer<typeof assignSupervisorsInput>;

export const unassignSupervisorInput = z.object({ topicId: id, personId: id });

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

/** A calendar date as YYYY-MM-DD that really exists (no 30 February). */
export const calendarDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "reviewDateInvalid" })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, { error: "reviewDateInvalid" });

export const concludeReviewInput = z.object({
  topicId: id,
  reviewOn: z.preprocess((v) => (v === "" || v === null ? undefined : v), calendarDate.optional()),
});

export const recordReviewCheckInput = z.object({
  topicId: id,
  outcome: z.enum(["held", "failed"], { error: "reviewOutcomeRequired" }),
  note: optionalText(500),
});

/** A checkbox arrives as "on" from a form, a boolean from JSON. */
const flag = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

export const setCloseRuleInput = z.object({
  communityId: id,
  /** Go back to the default rule (stored as null). */
  useDefault: flag.default(false),
  minDimensionMean: z.coerce.number({ error: "closeRuleMeanRange" }),
  minSatisfiedShare: z.coerce.number({ error: "closeRuleShareRange" }),
  minResidentAnswers: z.coerce.number({ error: "closeRuleMinAnswers" }),
  requireAllSupervisors: flag.default(false),
});
export type SetCloseRuleInput = z.infer<typeof setCloseRuleInput>;

export const reviewQuery = z.object({ topicId: id });
