import { randomBytes } from "node:crypto";
import { and, eq, gt, lte, ne, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { compiledOnce } from "@/db/compiled";
import { unitOfWork } from "@/db/unit-of-work";
import { sessions } from "@/db/schema";
import { secretHash } from "./tokens";
import { changedRows, first } from "@/db/query";

/** As long as the session cookie itself lives (lib/auth/options.ts). */
export const SESSION_SECONDS = 30 * 24 * 3600;

/**
 * Starts a web session at sign-in: the random id goes into the (encrypted) session cookie, its
 * hash into the table. The row is what makes the cookie worth anything.
 */
export async function startSession(db: DB, personId: number, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await unitOfWork(db, async (tx) => {
    // The person's sessions that ran out are dropped here, so the table holds live sessions only.
    await tx.delete(sessions).where(and(eq(sessions.personId, personId), lte(sessions.expiresAt, now)));
    await tx.insert(sessions)
      .values({ idHash: secretHash(id), personId, expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000) });
  });
  return id;
}

function buildSessionLookup(db: DB) {
  return db
    .select({ personId: sessions.personId })
    .from(sessions)
    .where(and(eq(sessions.idHash, sql.placeholder("hash")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare();
}

/**
 * The person a session id belongs to while the session lives, else null. Runs on every signed-in
 * request: one primary-key lookup, compiled once per connection.
 */
export async function personIdForSession(db: DB, id: string | null | undefined, now = Date.now()): Promise<number | null> {
  if (!id) return null;
  const lookup = compiledOnce(db, buildSessionLookup);
  const row = lookup
    ? lookup.get({ hash: secretHash(id), now })
    : await first(db.select({ personId: sessions.personId }).from(sessions).where(and(eq(sessions.idHash, secretHash(id)), gt(sessions.expiresAt, new Date(now)))));
  return row?.personId ?? null;
}

/** Ends one session (sign-out). Ending one that is already over is no error. */
export async function endSession(db: DB, id: string | null | undefined): Promise<void> {
  if (!id) return;
  await unitOfWork(db, async (tx) => void await tx.delete(sessions).where(eq(sessions.idHash, secretHash(id))));
}

/** Ends every session of a person except the one given (kept signed in); returns how many ended. */
export async function endOtherSessions(db: Tx, personId: number, keep: string | null | undefined): Promise<number> {
  const others = keep ? and(eq(sessions.personId, personId), ne(sessions.idHash, secretHash(keep))) : eq(sessions.personId, personId);
  return changedRows(await db.delete(sessions).where(others));
}
