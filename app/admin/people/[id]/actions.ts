"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { assignRole, type AssignedRole } from "@/lib/admin/assign-role";
import { revokeRole, type RevokedRole } from "@/lib/admin/revoke-role";

export async function assignRoleAction(personId: number, communityId: number, _prev: ActionState<AssignedRole>, form: FormData): Promise<ActionState<AssignedRole>> {
  const result = await runUseCase((ctx) => assignRole(ctx, { ...formObject(form), personId, communityId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function revokeRoleAction(roleId: number, _prev: ActionState<RevokedRole>, _form: FormData): Promise<ActionState<RevokedRole>> {
  const result = await runUseCase((ctx) => revokeRole(ctx, { roleId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
