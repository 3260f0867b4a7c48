"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { createOrganisation, type CreatedOrganisation } from "@/lib/admin/create-organisation";
import { updateOrganisation, type UpdatedOrganisation } from "@/lib/admin/update-organisation";

export async function createOrganisationAction(
  communityId: number,
  _prev: ActionState<CreatedOrganisation>,
  form: FormData,
): Promise<ActionState<CreatedOrganisation>> {
  const result = await runUseCase((ctx) => createOrganisation(ctx, { ...formObject(form), communityId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function updateOrganisationAction(
  organisationId: number,
  _prev: ActionState<UpdatedOrganisation>,
  form: FormData,
): Promise<ActionState<UpdatedOrganisation>> {
  const result = await runUseCase((ctx) => updateOrganisation(ctx, { ...formObject(form), organisationId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
