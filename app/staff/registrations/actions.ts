"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { reviewRegistration, type ReviewOutcome } from "@/lib/people/review-registration";

export async function reviewAction(personId: number, _prev: ActionState<ReviewOutcome>, form: FormData): Promise<ActionState<ReviewOutcome>> {
  const result = await runUseCase((ctx) => reviewRegistration(ctx, { ...formObject(form), personId }));
  if (result?.ok) revalidatePath("/staff/registrations");
  return result;
}
