"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { createUnit, type CreatedUnit } from "@/lib/admin/create-unit";

export async function createUnitAction(buildingId: number, _prev: ActionState<CreatedUnit>, form: FormData): Promise<ActionState<CreatedUnit>> {
  const result = await runUseCase((ctx) => createUnit(ctx, { ...formObject(form), buildingId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
