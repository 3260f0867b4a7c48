"use server";
import { revalidatePath } from "next/cache";
import { runUseCase, type ActionState } from "@/lib/actions/run";
import { decideImportConflict, type DecidedConflict } from "@/lib/imports/people/decide-conflict";

export async function decideConflictAction(conflictId: number, resolution: "adoptRegister" | "keepCurrent", _prev: ActionState<DecidedConflict>, _form: FormData): Promise<ActionState<DecidedConflict>> {
  const result = await runUseCase((ctx) => decideImportConflict(ctx, { conflictId, resolution }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
