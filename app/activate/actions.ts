"use server";
import { headers } from "next/headers";
import { activate, type Activated } from "@/lib/activation/activate";
import { formObject, runPublicUseCase, type ActionState } from "@/lib/actions/run";
import { clientAddress } from "@/lib/security/client-address";

export async function activateAction(_prev: ActionState<Activated>, form: FormData): Promise<ActionState<Activated>> {
  const address = clientAddress(await headers());
  return runPublicUseCase((ctx) => activate(ctx, formObject(form), { address }));
}
