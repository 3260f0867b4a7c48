"use server";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/security/client-address";
import { changePassword, type PasswordChanged } from "@/lib/accounts/change-password";
import { formObject, runUseCase, type ActionState } from "@/lib/actions/run";
import { currentSessionId } from "@/lib/auth/session";

/** Changes the signed-in person's password; this browser's session is the one that stays. */
export async function changePasswordAction(_prev: ActionState<PasswordChanged>, form: FormData): Promise<ActionState<PasswordChanged>> {
  const [sessionId, address] = [await currentSessionId(), clientAddress(await headers())];
  return runUseCase((ctx) => changePassword(ctx, formObject(form), { sessionId, address }));
}
