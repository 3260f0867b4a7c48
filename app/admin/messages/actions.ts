"use server";
import { revalidatePath } from "next/cache";
import { runUseCase, type ActionState } from "@/lib/actions/run";
import { retryMessage } from "@/lib/notify/retry-message";

/** A community admin sends a failed message again (the message is bound to the button, not read from the form). */
export async function retryMessageAction(messageId: number, _prev: ActionState<{ id: number }>): Promise<ActionState<{ id: number }>> {
  const result = await runUseCase((ctx) => retryMessage(ctx, { id: messageId }));
  if (result?.ok) revalidatePath("/admin/messages");
  return result;
}
