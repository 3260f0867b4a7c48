import type { DB } from "@/db/client";
import { setupIsOpen } from "./initialize";

/** Databases seen set up. Setup closes for good, so once seen closed a database is never asked again. */
const seenClosed = new WeakSet<DB>();

/**
 * Whether the first visit should lead to /setup: the database has no community and no
 * administrator yet. Asked by the home and sign-in pages of signed-out visitors; after the first
 * answer "closed" it costs nothing (a flag per database handle, which the server keeps for its
 * life), so a live deployment never pays a query for it.
 */
export async function setupPending(db: DB): Promise<boolean> {
  if (seenClosed.has(db)) return false;
  const open = await setupIsOpen(db);
  if (!open) seenClosed.add(db);
  return open;
}
