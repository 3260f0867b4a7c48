"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runUseCase } from "@/lib/actions/run";
import { markNotificationsRead, openNotification } from "@/lib/notifications/mark-read";

export async function markAllReadAction(): Promise<void> {
  const result = await runUseCase((ctx) => markNotificationsRead(ctx, {}));
  if (!result?.ok) redirect("/sign-in?callbackUrl=/inbox");
  revalidatePath("/inbox");
}

/**
 * Opens a message: marks it read and goes where it leads. The destination is read from the
 * stored message on the server, never taken from the form, so this cannot be made to redirect
 * anywhere else.
 */
export async function openNotificationAction(id: number): Promise<void> {
  const result = await runUseCase((ctx) => openNotification(ctx, { id }));
  if (!result?.ok) {
    revalidatePath("/inbox");
    redirect("/inbox");
  }
  revalidatePath("/inbox");
  redirect(result.data.href);
}
