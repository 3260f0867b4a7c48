"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { setCloseRule } from "@/lib/ratings/set-close-rule";

/** The form asks for the share as a percent (80 or 80.5); the rule stores it as a share (0.8, 0.805). */
function shareFromPercent(value: string | undefined): string | number | undefined {
  if (value === undefined || value.trim() === "") return value;
  const n = Number(value);
  // Through the decimal text, so 80.5 becomes exactly 0.805 rather than 0.8049999….
  return Number.isFinite(n) ? Number((n / 100).toFixed(6)) : value;
}

export async function setCloseRuleAction(communityId: number, useDefault: boolean, _prev: ActionState, form: FormData) {
  const fields = formObject(form);
  const result = await runUseCase((ctx) =>
    setCloseRule(ctx, { ...fields, minSatisfiedShare: shareFromPercent(fields.minSatisfiedShare), requireAllSupervisors: fields.requireAllSupervisors === "on", communityId, useDefault }),
  );
  if (result?.ok) revalidatePath("/ratings/settings");
  return result;
}
