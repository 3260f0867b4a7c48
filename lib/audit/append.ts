import { createHash } from "node:crypto";
import { desc, eq, lt } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { first } from "@/db/query";

/** The prevHash of the very first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** What is audited: ballots opened and tallied, votes cast, changed or entered on paper, proxies recorded. */
export const auditKinds = ["ballot.opened", "vote.cast", "vote.changed", "vote.paper", "proxy.recorded", "ballot.tallied"] as const;
export type AuditKind = (typeof auditKinds)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON with the keys of every object sorted, no whitespace, and undefined members left out, so the
 * same facts always give the same text (and the same hash), whatever order they were built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError("audit payloads hold finite numbers only");
    return value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  throw new TypeError(`cannot audit a ${typeof value}`);
}

/** sha256(prevHash \n id \n at \n kind \n payload), hex. `at` is milliseconds since the epoch. */
export function auditHash(prevHash: string, id: number, at: number, kind: string, payload: string): string {
  return createHash("sha256").update(`${prevHash}\n${id}\n${at}\n${kind}\n${payload}`).digest("hex");
}

export type AuditEntry = { id: number; hash: string };

/**
 * Appends one entry to the hash chain, inside the caller's transaction (so the entry exists if and
 * only if what it records does). The row is inserted first: that takes SQLite's write lock, so the
 * entry read as "previous" cannot change before the hash is stored, and the id that goes into the
 * hash is the one the row really has.
 */
export async function appendAudit(
  tx: DB | Tx,
  entry: { kind: AuditKind; ballotId: number | null; actorId: number | null; at: Date; payload: Record<string, unknown> },
): Promise<AuditEntry> {
  const payload = canonicalJson(entry.payload);
  const at = entry.at.getTime();
  const row = await first(tx
    .insert(auditLog)
    .values({ at: entry.at, actorId: entry.actorId, kind: entry.kind, ballotId: entry.ballotId, payload, prevHash: "", hash: "" })
    .returning({ id: auditLog.id }));
  const prev = await first(tx.select({ hash: auditLog.hash }).from(auditLog).where(lt(auditLog.id, row.id)).orderBy(desc(auditLog.id)).limit(1));
  const prevHash = prev?.hash ?? GENESIS_HASH;
  const hash = auditHash(prevHash, row.id, at, entry.kind, payload);
  await tx.update(auditLog).set({ prevHash, hash }).where(eq(auditLog.id, row.id));
  return { id: row.id, hash };
}
