"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { admitTopic } from "@/lib/topics/admit";
import { cosignTopic } from "@/lib/topics/cosign";
import { escalateTopic } from "@/lib/topics/escalate";
import { mergeTopic } from "@/lib/topics/merge";
import { rejectTopic } from "@/lib/topics/reject";

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
export async function rejectAction(topicId: number, _prev: ActionState, form: FormData) {
  return step(rejectTopic, topicId, form);
}
export async function mergeAction(topicId: number, _prev: ActionState, form: FormData) {
  return step(mergeTopic, topicId, form);
}
export async function escalateAction(topicId: number, _prev: ActionState, form: FormData) {
  return step(escalateTopic, topicId, form);
}
