"use server";
import { headers } from "next/headers";
import { formObject, runPublicUseCase, type ActionState } from "@/lib/actions/run";
import { clientAddress } from "@/lib/security/client-address";
import type { Initialized } from "@/lib/setup/initialize";
import { setUpFromWeb } from "@/lib/setup/set-up-from-web";

export async function setUpAction(_prev: ActionState<Initialized>, form: FormData): Promise<ActionState<Initialized>> {
  const address = clientAddress(await headers());
  return runPublicUseCase((ctx) => setUpFromWeb(ctx, formObject(form), { address }));
}
