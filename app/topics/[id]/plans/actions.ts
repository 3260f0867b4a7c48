"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { commentOnPlan, type PlanComment } from "@/lib/plans/comment-on-plan";
import { draftPlan, type DraftedPlan } from "@/lib/plans/draft-plan";
import { revisePlan, type RevisedPlan } from "@/lib/plans/revise-plan";
import { planFormObject } from "@/lib/validation/plans";

/** Drafts a plan for the topic and opens it. */
export async function draftPlanAction(topicId: number, _prev: ActionState<DraftedPlan>, form: FormData): Promise<ActionState<DraftedPlan>> {
  const result = await runUseCase((ctx) => draftPlan(ctx, { ...planFormObject(form), topicId }));
  if (result?.ok) {
    revalidatePath(`/topics/${topicId}`);
    redirect(`/topics/${topicId}/plans/${result.data.planId}`);
  }
  return result;
}

/** Saves a new revision on top of `baseRevision` (the one the form was filled from) and opens the plan. */
export async function revisePlanAction(
  topicId: number,
  planId: number,
  baseRevision: number,
  _prev: ActionState<RevisedPlan>,
  form: FormData,
): Promise<ActionState<RevisedPlan>> {
  const result = await runUseCase((ctx) => revisePlan(ctx, { ...planFormObject(form), planId, baseRevision }));
  if (result?.ok) {
    revalidatePath(`/topics/${topicId}`);
    revalidatePath(`/topics/${topicId}/plans/${planId}`);
    redirect(`/topics/${topicId}/plans/${planId}`);
  }
  return result;
}

export async function commentOnPlanAction(topicId: number, planId: number, _prev: ActionState<PlanComment>, form: FormData): Promise<ActionState<PlanComment>> {
  const result = await runUseCase((ctx) => commentOnPlan(ctx, { ...formObject(form), planId }));
  if (result?.ok) {
    revalidatePath(`/topics/${topicId}`);
    revalidatePath(`/topics/${topicId}/plans/${planId}`);
  }
  return result;
}
