"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { claimTask } from "@/lib/tasks/claim-task";
import { createTask } from "@/lib/tasks/create-task";
import { declineTask } from "@/lib/tasks/decline-task";
import { reassignTask } from "@/lib/tasks/reassign-task";
import { reportProgress } from "@/lib/tasks/report-progress";
import { startImplementation } from "@/lib/tasks/start-implementation";
import { takeTask } from "@/lib/tasks/take-task";
import { realFiles } from "@/lib/uploads/photos";

function refresh(result: ActionState<{ topicId?: number; taskId?: number }>, topicId?: number, taskId?: number) {
  if (!result?.ok) return;
  if (topicId) revalidatePath(`/topics/${topicId}`);
  if (taskId) revalidatePath(`/tasks/${taskId}`);
  revalidatePath("/tasks");
}

export async function startImplementationAction(topicId: number, _prev: ActionState, _form: FormData): Promise<ActionState> {
  const result = await runUseCase((ctx) => startImplementation(ctx, { topicId }));
  refresh(result, topicId);
  return result;
}

export async function createTaskAction(topicId: number, _prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runUseCase((ctx) => createTask(ctx, { ...formObject(form), topicId }));
  refresh(result, topicId);
  return result;
}

/** Task steps whose page is the task itself; the topic page follows on the next visit. */
async function taskStep(run: Parameters<typeof runUseCase<{ taskId: number }>>[0], taskId: number, topicId: number): Promise<ActionState> {
  const result = await runUseCase(run);
  refresh(result, topicId, taskId);
  return result;
}

export async function takeTaskAction(taskId: number, topicId: number, _prev: ActionState, _form: FormData) {
  return taskStep((ctx) => takeTask(ctx, { taskId }), taskId, topicId);
}
export async function claimTaskAction(taskId: number, topicId: number, _prev: ActionState, _form: FormData) {
  return taskStep((ctx) => claimTask(ctx, { taskId }), taskId, topicId);
}
export async function declineTaskAction(taskId: number, topicId: number, _prev: ActionState, form: FormData) {
  return taskStep((ctx) => declineTask(ctx, { ...formObject(form), taskId }), taskId, topicId);
}
export async function reassignTaskAction(taskId: number, topicId: number, _prev: ActionState, form: FormData) {
  return taskStep((ctx) => reassignTask(ctx, { ...formObject(form), taskId }), taskId, topicId);
}
export async function reportProgressAction(taskId: number, topicId: number, _prev: ActionState, form: FormData) {
  return taskStep((ctx) => reportProgress(ctx, { ...formObject(form), taskId }, realFiles(form.getAll("photos"))), taskId, topicId);
}
