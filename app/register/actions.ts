"use server";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/security/client-address";
import { formObject, runPublicUseCase, type ActionState } from "@/lib/actions/run";
import { register, type Registration } from "@/lib/people/register";

export async function registerAction(_prev: ActionState<Registration>, form: FormData): Promise<ActionState<Registration>> {
  const address = clientAddress(await headers());
  return runPublicUseCase((ctx) => register(ctx, formObject(form), { address }));
}
