"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { createPerson, type CreatedPerson } from "@/lib/admin/create-person";

export async function createPersonAction(communityId: number, _prev: ActionState<CreatedPerson>, form: FormData): Promise<ActionState<CreatedPerson>> {
  const result = await runUseCase((ctx) => createPerson(ctx, { ...formObject(form), communityId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
