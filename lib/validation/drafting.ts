import { z } from "zod";
import { id } from "./common";
import { minReasonLength } from "./topics";

export const startDraftingInput = z.object({ topicId: id });

/** `allowed` is a real boolean: forms bind it to the action, the API sends JSON. */
export const setAlternativesAllowedInput = z.object({
  topicId: id,
  allowed: z.boolean({ error: "alternativesAllowedRequired" }).meta({ description: "true: residents may submit alternative plans (备选方案); false: no more alternatives" }),
});

export const afterFailedVoteDecisions = ["redraft", "closeFailed"] as const;
export type AfterFailedVoteDecision = (typeof afterFailedVoteDecisions)[number];

export const afterFailedVoteInput = z.object({
  topicId: id,
  decision: z.enum(afterFailedVoteDecisions, { error: "draftingDecisionRequired" }).meta({ description: "redraft: back to plan drafting; closeFailed: close the topic" }),
  reason: z
    .string({ error: "topicReasonRequired" })
    .trim()
    .min(minReasonLength, { error: "topicReasonRequired" })
    .max(300, { error: "textTooLong" })
    .meta({ description: "Why, shown on the topic's timeline and to its followers (at least 2 characters)" }),
});
