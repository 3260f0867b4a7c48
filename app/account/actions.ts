"use server";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/security/client-address";
import { changePassword, type PasswordChanged } from "@/lib/accounts/change-password";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { currentSessionId } from "@/lib/auth/session";
import { revalidatePath } from "next/cache";
import { mayMute, reminderKinds, type ReminderKind } from "@/lib/domain/reminders";
import { setReminderMutes } from "@/lib/notify/reminder-settings";

/** Changes the signed-in person's password; this browser's session is the one that stays. */
export async function changePasswordAction(_prev: ActionState<PasswordChanged>, form: FormData): Promise<ActionState<PasswordChanged>> {
  const [sessionId, address] = [await currentSessionId(), clientAddress(await headers())];
  return runUseCase((ctx) => changePassword(ctx, formObject(form), { sessionId, address }));
}

/** Saves which reminders the signed-in person receives: every kind left unticked (that may be muted) is muted. */
export async function saveReminderSettingsAction(_prev: ActionState<{ muted: ReminderKind[] }>, form: FormData): Promise<ActionState<{ muted: ReminderKind[] }>> {
  const receive = new Set(form.getAll("receive").map(String));
  const result = await runUseCase((ctx) => setReminderMutes(ctx, { muted: reminderKinds.filter((k) => mayMute(k) && !receive.has(k)) }));
  if (result?.ok) revalidatePath("/account");
  return result;
}
