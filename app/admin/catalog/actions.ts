"use server";
import { revalidatePath } from "next/cache";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { createCategory, type CreatedCategory } from "@/lib/admin/create-category";
import { createItem, type CreatedItem } from "@/lib/admin/create-item";
import { setCommunityTurnout, type CommunityTurnout } from "@/lib/admin/set-community-turnout";
import { updateItem, type UpdatedItem } from "@/lib/admin/update-item";

export async function createCategoryAction(communityId: number, _prev: ActionState<CreatedCategory>, form: FormData): Promise<ActionState<CreatedCategory>> {
  const result = await runUseCase((ctx) => createCategory(ctx, { ...formObject(form), communityId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function createItemAction(categoryId: number, _prev: ActionState<CreatedItem>, form: FormData): Promise<ActionState<CreatedItem>> {
  const result = await runUseCase((ctx) => createItem(ctx, { ...formObject(form), categoryId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function updateItemAction(itemId: number, _prev: ActionState<UpdatedItem>, form: FormData): Promise<ActionState<UpdatedItem>> {
  const result = await runUseCase((ctx) => updateItem(ctx, { ...formObject(form), itemId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}

export async function setCommunityTurnoutAction(communityId: number, _prev: ActionState<CommunityTurnout>, form: FormData): Promise<ActionState<CommunityTurnout>> {
  const result = await runUseCase((ctx) => setCommunityTurnout(ctx, { ...formObject(form), communityId }));
  if (result?.ok) revalidatePath("/admin", "layout");
  return result;
}
