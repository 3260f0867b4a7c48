"use server";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { register, type Registration } from "@/lib/people/register";

export async function registerAction(_prev: ActionState<Registration>, form: FormData): Promise<ActionState<Registration>> {
  return runUseCase((ctx) => register(ctx, formObject(form)));
}
