"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { createBuilding, type CreatedBuilding } from "@/lib/admin/create-building";

export async function createBuildingAction(gridId: number, _prev: ActionState<CreatedBuilding>, form: FormData): Promise<ActionState<CreatedBuilding>> {
  const result = await runUseCase((ctx) => createBuilding(ctx, { ...formObject(form), gridId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
