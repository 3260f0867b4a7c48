import type { DB } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";

/** What every use case runs with: the database and who is acting (null when signed out). */
export type Ctx = { db: DB; actor: Actor | null };
