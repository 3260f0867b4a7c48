import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { getDb } from "@/db/client";
import { loadActor, type Actor } from "./actor";
import { authOptions } from "./options";

/** The signed-in person with their current roles, once per request. Roles are read fresh so a revoked role takes effect at once. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.personId) return null;
  return loadActor(getDb(), session.personId);
});
