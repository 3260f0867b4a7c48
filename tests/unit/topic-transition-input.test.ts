import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { topicTransitions, transitionRules } from "@/lib/domain/topic-state-machine";
import { afterFailedVoteInput } from "@/lib/validation/drafting";
import { admissionLevel, mergeTarget, minReasonLength, transitionInputSchemas, transitionReason } from "@/lib/validation/topics";

/**
 * The data a step of a topic's life carries is judged here, by the zod schemas, and nowhere else:
 * the state machine only asks that it is there (tests/unit/topic-state-machine.test.ts). These
 * assertions were the machine's before (its "input" tests); lib/topics/apply-transition.ts applies
 * the schemas and answers 422 on the field (tests/integration/topic-steps.test.ts).
 */
const topicId = 7;

/** The message key a schema refuses a value with, or null when it accepts it. */
function refusal(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "?");
}

describe("reason", () => {
  it("refuses a missing, 1-char or blank reason", () => {
    for (const reason of [undefined, "", "x", "否", "   ", " x ", "\n\t"]) {
      expect(refusal(transitionReason, reason), JSON.stringify(reason)).toBe("topicReasonRequired");
    }
  });

  it("accepts two characters, counted after trimming, and keeps the reason as given", () => {
    for (const reason of ["ab", "不行", "  ab  "]) expect(transitionReason.parse(reason), reason).toBe(reason);
    expect(minReasonLength).toBe(2);
  });

  it("is the same rule for the decision after a failed vote", () => {
    for (const reason of [undefined, "", "x", "否", "   ", " x ", "\n\t"]) {
      const parsed = afterFailedVoteInput.safeParse({ topicId, decision: "redraft", reason });
      expect(parsed.success ? null : parsed.error.issues.find((i) => i.path[0] === "reason")?.message, JSON.stringify(reason)).toBe("topicReasonRequired");
    }
    expect(afterFailedVoteInput.safeParse({ topicId, decision: "closeFailed", reason: "不行" }).success).toBe(true);
  });
});

describe("merge target", () => {
  it("needs a real topic id", () => {
    for (const bad of [undefined, 0, -3, 1.5, Number.NaN, "8"]) expect(refusal(mergeTarget(topicId), bad), String(bad)).toBe("topicMergeTargetRequired");
  });

  it("is never the topic itself", () => {
    expect(refusal(mergeTarget(topicId), topicId)).toBe("topicMergeIntoSelf");
    expect(refusal(mergeTarget(topicId), topicId + 1)).toBeNull();
  });
});

describe("admission level", () => {
  it("is grid or community, nothing else (an untyped form might send anything)", () => {
    for (const bad of [undefined, "", "city", "Grid", 1]) expect(refusal(admissionLevel, bad), String(bad)).toBe("topicLevelRequired");
    expect(admissionLevel.parse("grid")).toBe("grid");
    expect(admissionLevel.parse("community")).toBe("community");
  });
});

describe("transitionInputSchemas", () => {
  it("has a schema for every kind of data the machine's rules declare", () => {
    const schemas = transitionInputSchemas(topicId);
    const declared = new Set(topicTransitions.flatMap((name) => transitionRules[name].input));
    expect([...declared].sort()).toEqual(Object.keys(schemas).sort());
  });
});
