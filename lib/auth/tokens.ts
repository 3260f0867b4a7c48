import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, ne, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { compiledOnce } from "@/db/compiled";
import { apiTokens } from "@/db/schema";
import { recordEvent } from "@/lib/events/record";
import { unitOfWork } from "@/db/unit-of-work";
import { changedRows, first } from "@/db/query";

const TOKEN_DAYS = 30;
/**
 * What is stored of a bearer secret (an API token here, a web session's id in ./sessions.ts): its
 * SHA-256, so the table read on its own signs nobody in. The secrets are 256 random bits, so a
 * fast hash is enough; it is also what each request looks the secret up by.
 */
export const secretHash = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Issues a bearer token for the API. Only its hash is stored. */
export async function issueApiToken(db: DB, personId: number): Promise<{ token: string; expiresAt: Date }> {
  const token = `gc_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(Date.now() + TOKEN_DAYS * 86_400_000);
  await unitOfWork(db, async (tx) => {
    await tx.insert(apiTokens).values({ personId, tokenHash: secretHash(token), expiresAt });
    await recordEvent(tx, { actorId: personId, kind: "apiToken.issued", subjectType: "person", subjectId: personId });
  });
  return { token, expiresAt };
}

function buildTokenLookup(db: DB) {
  return db
    .select({ personId: apiTokens.personId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), gt(apiTokens.expiresAt, sql.placeholder("now"))))
    .prepare();
}

/** Runs on every API call: the lookup is compiled once per connection. */
export async function personIdForToken(db: DB, token: string): Promise<number | null> {
  const lookup = compiledOnce(db, buildTokenLookup);
  const row = lookup
    ? lookup.get({ hash: secretHash(token), now: Date.now() })
    : await first(db.select({ personId: apiTokens.personId }).from(apiTokens).where(and(eq(apiTokens.tokenHash, secretHash(token)), gt(apiTokens.expiresAt, new Date()))));
  return row?.personId ?? null;
}

export async function revokeApiToken(db: DB, token: string): Promise<void> {
  await unitOfWork(db, async (tx) => void await tx.delete(apiTokens).where(eq(apiTokens.tokenHash, secretHash(token))));
}

/**
 * Revokes every API token of a person except the one given (the caller's own, when a password
 * change is made through the API); returns how many were revoked.
 */
export async function revokeOtherApiTokens(db: Tx, personId: number, keep: string | null | undefined): Promise<number> {
  const others = keep ? and(eq(apiTokens.personId, personId), ne(apiTokens.tokenHash, secretHash(keep))) : eq(apiTokens.personId, personId);
  return changedRows(await db.delete(apiTokens).where(others));
}

/** Whether the person holds an API token still in force: only then does the account page speak of tokens. */
export async function hasLiveApiToken(db: DB, personId: number): Promise<boolean> {
  return !!await first(db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.personId, personId), gt(apiTokens.expiresAt, new Date()))).limit(1));
}
