"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { listAdminCommunities } from "@/lib/admin/list-admin-communities";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/db/client";
import { communityCookie } from "./_lib/gate";

/** An admin of several communities picks the one the screens show. Only a community they administer is kept. */
export async function chooseCommunity(form: FormData): Promise<void> {
  const id = Number(form.get("communityId"));
  const mine = await listAdminCommunities({ db: getDb(), actor: await currentActor() });
  if (!mine.some((c) => c.id === id)) return;
  (await cookies()).set(communityCookie, String(id), { path: "/admin", sameSite: "lax", httpOnly: true, maxAge: 365 * 86_400 });
  revalidatePath("/admin", "layout");
}
