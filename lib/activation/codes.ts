import { createHash } from "node:crypto";
import { and, inArray, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { activationCodes } from "@/db/schema";
import { activationExpiry, generateActivationCode } from "@/lib/domain/activation-code";
import { changedRows } from "@/db/query";

/** What is stored of a code: its SHA-256 (a 50-bit random code needs no slow hash; the throttle and the phone binding stop guessing). */
export const hashActivationCode = (code: string) => createHash("sha256").update(code).digest("hex");

const CHUNK = 500;

/** Revokes every unused, unrevoked code of these people (a fresh letter replaces the old one). Returns how many. */
export async function revokeUnusedCodes(tx: Tx, personIds: number[], now: Date): Promise<number> {
  let revoked = 0;
  for (let i = 0; i < personIds.length; i += CHUNK) {
    revoked += changedRows(await tx
      .update(activationCodes)
      .set({ revokedAt: now })
      .where(and(inArray(activationCodes.personId, personIds.slice(i, i + CHUNK)), isNull(activationCodes.usedAt), isNull(activationCodes.revokedAt))));
  }
  return revoked;
}

/**
 * Issues one fresh code to each person, revoking their earlier unused codes, inside the caller's
 * transaction; returns the codes (unformatted) by person. The channel is the caller's business: the
 * household letters (issue-letters.ts) print them; an SMS channel can call this for one person and
 * send the code it gets back. Only the codes' hashes are written.
 */
export async function issueActivationCodes(tx: Tx, personIds: number[], { issuedBy, now, days }: { issuedBy: number | null; now: Date; days: number }): Promise<Map<number, string>> {
  const unique = [...new Set(personIds)];
  await revokeUnusedCodes(tx, unique, now);
  const expiresAt = activationExpiry(now, days);
  const codes = new Map<number, string>();
  const rows = unique.map((personId) => {
    const code = generateActivationCode();
    codes.set(personId, code);
    return { personId, codeHash: hashActivationCode(code), expiresAt, issuedBy, createdAt: now };
  });
  // A clash of two 50-bit codes is out of reach; the unique index would still refuse one rather than mix two people up.
  for (let i = 0; i < rows.length; i += CHUNK) await tx.insert(activationCodes).values(rows.slice(i, i + CHUNK));
  return codes;
}
