import "server-only";
import { signedInPage, type Refusal } from "@/app/_lib/page";
import type { ActorCtx } from "@/lib/context";

/**
 * The data for a plan page: sign-in first (coming back to `back` afterwards), 404 for a topic or
 * plan that does not exist or is not this reader's to see, and a refusal (not yet verified)
 * handed back for the page to explain (app/_lib/page.ts).
 */
export async function loadForPage<T>(back: string, read: (ctx: ActorCtx) => T): Promise<T | Refusal> {
  return (await signedInPage(back)).read(read, { forbidden: "inPage" });
}
