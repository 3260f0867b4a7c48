import { z } from "zod";
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

export const admitTopicInput = z.object({ topicId: id, level: z.enum(["grid", "community"], { error: "topicLevelRequired" }), note: optionalText(200) });
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
