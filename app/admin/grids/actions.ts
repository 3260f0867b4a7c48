"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { createGrid, type CreatedGrid } from "@/lib/admin/create-grid";

export async function createGridAction(communityId: number, _prev: ActionState<CreatedGrid>, form: FormData): Promise<ActionState<CreatedGrid>> {
  const result = await runUseCase((ctx) => createGrid(ctx, { ...formObject(form), communityId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
