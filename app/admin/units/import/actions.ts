"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { importUnits, type UnitImportResult } from "@/lib/admin/import-units";

export async function importUnitsAction(communityId: number, _prev: ActionState<UnitImportResult>, form: FormData): Promise<ActionState<UnitImportResult>> {
  const result = await runUseCase((ctx) => importUnits(ctx, { ...formObject(form), communityId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
