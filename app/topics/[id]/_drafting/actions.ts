"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { decideAfterFailedVote } from "@/lib/topics/decide-after-failed-vote";
import { setAlternativesAllowed } from "@/lib/topics/set-alternatives-allowed";
import { startDrafting } from "@/lib/topics/start-drafting";

async function done<T>(topicId: number, result: ActionState<T>): Promise<ActionState<T>> {
  if (result?.ok) revalidatePath(`/topics/${topicId}`);
  return result;
}

export async function startDraftingAction(topicId: number, _prev: ActionState, _form: FormData) {
  return done(topicId, await runUseCase((ctx) => startDrafting(ctx, { topicId })));
}

/** `allowed` is bound by the switch (the value it turns to), not read from the form. */
export async function setAlternativesAction(topicId: number, allowed: boolean, _prev: ActionState, _form: FormData) {
  return done(topicId, await runUseCase((ctx) => setAlternativesAllowed(ctx, { topicId, allowed })));
}

export async function afterFailedVoteAction(topicId: number, _prev: ActionState, form: FormData) {
  return done(topicId, await runUseCase((ctx) => decideAfterFailedVote(ctx, { ...formObject(form), topicId })));
}
