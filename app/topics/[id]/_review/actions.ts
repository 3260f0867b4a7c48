"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { runTwoStep } from "@/lib/actions/two-step";
import { answerSatisfaction } from "@/lib/ratings/answer-satisfaction";
import { assignSupervisors } from "@/lib/ratings/assign-supervisors";
import { concludeReview, previewConcludeReview } from "@/lib/ratings/conclude-review";
import { excuseSupervisor } from "@/lib/ratings/excuse-supervisor";
import { recordReviewCheck } from "@/lib/ratings/record-review-check";

async function done<T>(topicId: number, result: ActionState<T>): Promise<ActionState<T>> {
  if (result?.ok) {
    revalidatePath(`/topics/${topicId}`);
    revalidatePath("/ratings");
  }
  return result;
}

export async function assignSupervisorsAction(topicId: number, _prev: ActionState, form: FormData) {
  const personIds = form.getAll("personIds").filter((v): v is string => typeof v === "string");
  return done(topicId, await runUseCase((ctx) => assignSupervisors(ctx, { topicId, personIds })));
}

export async function answerSatisfactionAction(topicId: number, _prev: ActionState, form: FormData) {
  return done(topicId, await runUseCase((ctx) => answerSatisfaction(ctx, { ...formObject(form), topicId })));
}

/** Concluding closes the topic or sends it back: the first submit shows which, with the figures; `confirmed=1` does it. */
export async function concludeReviewAction(topicId: number, _prev: ActionState, form: FormData) {
  const result = await runTwoStep(form, { topicId }, previewConcludeReview, concludeReview);
  return result?.ok && result.data.step === "confirm" ? result : done(topicId, result);
}

export async function excuseSupervisorAction(topicId: number, personId: number, _prev: ActionState, form: FormData) {
  return done(topicId, await runUseCase((ctx) => excuseSupervisor(ctx, { ...formObject(form), topicId, personId })));
}

export async function recordReviewCheckAction(topicId: number, _prev: ActionState, form: FormData) {
  return done(topicId, await runUseCase((ctx) => recordReviewCheck(ctx, { ...formObject(form), topicId })));
}
