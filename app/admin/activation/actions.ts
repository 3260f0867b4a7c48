"use server";
import { revalidatePath } from "next/cache";
import { runUseCase, type ActionState } from "@/lib/actions/run";
import { sendActivationCodesBySms, type CodesTexted } from "@/lib/activation/send-codes-by-sms";

/** Texts new activation codes to a scope chosen as for the letters ("grid:3", "building:7", "staff", or "" for the community). */
export async function sendCodesBySmsAction(communityId: number, _prev: ActionState<CodesTexted>, form: FormData): Promise<ActionState<CodesTexted>> {
  const [kind, id] = String(form.get("scope") ?? "").split(":");
  const input = {
    communityId,
    expiresInDays: form.get("expiresInDays"),
    ...(kind === "staff" ? { audience: "staff" } : kind === "grid" ? { gridId: id } : kind === "building" ? { buildingId: id } : {}),
  };
  const result = await runUseCase((ctx) => sendActivationCodesBySms(ctx, input));
  if (result?.ok) revalidatePath("/admin/activation");
  return result;
}
