"use server";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { reviewRegistration, type ReviewOutcome } from "@/lib/people/review-registration";

// No revalidatePath here: the reviewed card stays on screen showing its outcome, so the grid
// worker sees what they did; the list is read fresh on the next visit (the page is dynamic).
export async function reviewAction(personId: number, _prev: ActionState<ReviewOutcome>, form: FormData): Promise<ActionState<ReviewOutcome>> {
  return runUseCase((ctx) => reviewRegistration(ctx, { ...formObject(form), personId }));
}
