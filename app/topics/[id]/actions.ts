"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { runTwoStep } from "@/lib/actions/two-step";
import { admitTopic } from "@/lib/topics/admit";
import { cosignTopic } from "@/lib/topics/cosign";
import { escalateTopic } from "@/lib/topics/escalate";
import { mergeTopic, previewMerge } from "@/lib/topics/merge";
import { previewReject, rejectTopic } from "@/lib/topics/reject";

type Step = (ctx: Parameters<typeof cosignTopic>[0], raw: unknown) => unknown;

async function step(useCase: Step, topicId: number, form: FormData): Promise<ActionState> {
  const result = await runUseCase((ctx) => useCase(ctx, { ...formObject(form), topicId }));
  if (result?.ok) revalidatePath(`/topics/${topicId}`);
  return result;
}

export async function cosignAction(topicId: number, _prev: ActionState, form: FormData) {
  return step(cosignTopic, topicId, form);
}
export async function admitAction(topicId: number, _prev: ActionState, form: FormData) {
  return step(admitTopic, topicId, form);
}
/** Rejection and merge end the topic for good: the first submit shows what will happen, `confirmed=1` does it. */
export async function rejectAction(topicId: number, _prev: ActionState, form: FormData) {
  const result = await runTwoStep(form, { topicId }, previewReject, rejectTopic);
  if (result?.ok && result.data.step === "done") revalidatePath(`/topics/${topicId}`);
  return result;
}
export async function mergeAction(topicId: number, _prev: ActionState, form: FormData) {
  const result = await runTwoStep(form, { topicId }, previewMerge, mergeTopic);
  if (result?.ok && result.data.step === "done") {
    revalidatePath(`/topics/${topicId}`);
    revalidatePath(`/topics/${result.data.result.intoTopicId}`);
  }
  return result;
}
export async function escalateAction(topicId: number, _prev: ActionState, form: FormData) {
  return step(escalateTopic, topicId, form);
}
