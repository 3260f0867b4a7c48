import { z } from "zod";
import { topicLevels } from "@/db/schema";
import { plainText, richTextInput } from "@/lib/richtext/document";
import { id, optionalId, optionalText } from "./common";


export const proposeTopicInput = z.object({
  gridId: id,
  agendaItemId: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number({ error: "itemRequired" }).int({ error: "itemRequired" }).positive({ error: "itemRequired" })),
  title: z.string({ error: "titleTooShort" }).trim().min(4, { error: "titleTooShort" }).max(60, { error: "titleTooLong" }),
  description: richTextInput.refine((d) => plainText(d).length >= 10, { error: "descriptionTooShort" }),
  buildingId: optionalId,
  location: optionalText(100),
});
export type ProposeTopicInput = z.infer<typeof proposeTopicInput>;

export const topicRef = z.object({ topicId: id });

/** Minimum length of a reason after trimming: one character is not an explanation. */
export const minReasonLength = 2;

/** A reason a step of a topic's life carries (reject, redraft, close a failed vote, rectify, reopen). */
export const transitionReason = z
  .string({ error: "topicReasonRequired" })
  .refine((s) => s.trim().length >= minReasonLength, { error: "topicReasonRequired" });

/** The level a topic is admitted at (小事不出网格、大事不出社区). */
export const admissionLevel = z.enum(topicLevels, { error: "topicLevelRequired" });

/** The topic a duplicate goes into: a real id, and never the duplicate itself. */
export const mergeTarget = (topicId: number) =>
  z
    .number({ error: "topicMergeTargetRequired" })
    .int({ error: "topicMergeTargetRequired" })
    .positive({ error: "topicMergeTargetRequired" })
    .refine((target) => target !== topicId, { error: "topicMergeIntoSelf" });

/**
 * The data each step of a topic's life may carry, by the names the state machine declares in its
 * rules' `input`; lib/topics/apply-transition.ts checks a step's data against these.
 */
export const transitionInputSchemas = (topicId: number) => ({ reason: transitionReason, level: admissionLevel, mergeIntoTopicId: mergeTarget(topicId) });

export const admitTopicInput = z.object({ topicId: id, level: admissionLevel, note: optionalText(200) });
export const rejectTopicInput = z.object({ topicId: id, reason: z.string({ error: "topicReasonRequired" }).max(300, { error: "textTooLong" }) });
export const mergeTopicInput = z.object({ topicId: id, intoTopicId: z.coerce.number({ error: "topicMergeTargetRequired" }).int().positive({ error: "topicMergeTargetRequired" }), note: optionalText(200) });
export const escalateTopicInput = z.object({ topicId: id, reason: optionalText(300) });

export const topicListQuery = z.object({
  gridId: optionalId,
  stage: z.enum(["intake", "consultation", "planning", "voting", "implementation", "review", "closed", "ended"]).optional().catch(undefined),
  categoryId: optionalId,
  q: z.string().trim().max(100, { error: "textTooLong" }).optional(),
  view: z.enum(["all", "awaitingMe", "mine"]).default("all").catch("all"),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type TopicListQuery = z.infer<typeof topicListQuery>;

export const similarTopicsQuery = z.object({ gridId: id, q: z.string().trim().max(100, { error: "textTooLong" }) });
