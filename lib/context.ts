import type { DB } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";

/**
 * What a use case runs with: the database and who is acting. `Ctx` may be signed out (public
 * reads: the notice board, registration, sign-in); a use case that needs a person takes
 * `ActorCtx`, and only the adapters (server actions, route handlers, pages) build one, after
 * refusing a signed-out caller. A use case that forgets to require sign-in cannot compile.
 */
export type Ctx = { db: DB; actor: Actor | null };
export type ActorCtx = { db: DB; actor: Actor };
