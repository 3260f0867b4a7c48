import { randomBytes } from "node:crypto";
import os from "node:os";
import { and, eq, lte, or } from "drizzle-orm";
import type { DB } from "@/db/client";
import { jobLeases } from "@/db/schema";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * This process as a lease holder: host, pid and a random tail, so a restarted process (same host,
 * maybe the same pid in a container) never mistakes its predecessor's lease for its own.
 */
export const processHolder = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

export type LeaseOptions = {
  /** How long the lease lasts without a renewal: longer than one run of the job is expected to block. */
  leaseMs: number;
  holder?: string;
  /** The clock (tests move it; the jobs take their own `now` too). */
  now?: () => Date;
  /** While the job runs, the lease is pushed out again this often (default a third of leaseMs). */
  renewEveryMs?: number;
};

export type JobRun<T> = { status: "ran"; result: T } | { status: "skipped"; reason: `held by ${string}` };

/** Names this process is running now: a tick that comes while its previous run still awaits is skipped here, not run twice. */
const runningHere = new Set<string>();

/** The error as kept in last_error: its message (an AggregateError's inner ones too), never a stack. */
function describeFailure(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const inner = e instanceof AggregateError ? e.errors.map((x) => (x instanceof Error ? x.message : String(x))) : [];
  return [message, ...inner].join("; ").slice(0, 1000);
}

/**
 * Runs a background job on at most one server of the deployment at a time. The lease is taken by ONE
 * statement — insert the job's row, or take it over only if it has expired or is already ours —
 * whose RETURNING says whether we got it: the database serialises the upserts (SQLite's write lock,
 * PostgreSQL's row lock on the conflicting key), so of N servers ticking at the same instant exactly
 * one gets a row back and the others skip. The lease is renewed while an async job awaits, freed
 * (expires_at = now) when it ends, and a holder that died frees it by expiry. No transaction is open
 * while the job runs: each lease statement is its own short unit of work (on SQLite through the
 * process's writer, so it never waits on this process's own open transaction), and the job writes
 * in its own. The job's error is recorded and thrown again for the caller to log.
 */
export async function runOnce<T>(db: DB, name: string, options: LeaseOptions, fn: () => T | Promise<T>): Promise<JobRun<T>> {
  const holder = options.holder ?? processHolder;
  const now = options.now ?? (() => new Date());
  const key = `${holder}\n${name}`;
  if (runningHere.has(key)) return { status: "skipped", reason: `held by ${holder}` };
  // Marked before the first await, so a second tick here in the meantime is skipped, not let through
  // by the upsert's "already ours".
  runningHere.add(key);
  let taken: { holder: string } | undefined;
  try {
    const startedAt = now();
    const until = new Date(startedAt.getTime() + options.leaseMs);
    // Portable upsert: ON CONFLICT … DO UPDATE … WHERE … RETURNING reads the same on SQLite and PostgreSQL.
    taken = await unitOfWork(db, async (tx) =>
      await first(tx
        .insert(jobLeases)
        .values({ name, holder, expiresAt: until, lastRunAt: startedAt })
        .onConflictDoUpdate({
          target: jobLeases.name,
          set: { holder, expiresAt: until, lastRunAt: startedAt },
          setWhere: or(lte(jobLeases.expiresAt, startedAt), eq(jobLeases.holder, holder)),
        })
        .returning({ holder: jobLeases.holder })),
    );
  } finally {
    if (!taken) runningHere.delete(key);
  }
  if (!taken) {
    const current = await first(db.select({ holder: jobLeases.holder }).from(jobLeases).where(eq(jobLeases.name, name)));
    return { status: "skipped", reason: `held by ${current?.holder ?? "another server"}` };
  }

  const ours = and(eq(jobLeases.name, name), eq(jobLeases.holder, holder));
  // While the job awaits (the outbox sender waiting on the SMS provider, a unit of work waiting for
  // the writer) the lease is pushed out, so a long run is never mistaken for a dead holder. Stretches
  // that block the event loop (a big ballot's count) are covered by leaseMs alone.
  const renewal = setInterval(() => {
    unitOfWork(db, async (tx) => void await tx.update(jobLeases).set({ expiresAt: new Date(now().getTime() + options.leaseMs) }).where(ours)).catch((e: unknown) =>
      console.error(`[gridcouncil] could not renew the lease of job ${name}`, e),
    );
  }, options.renewEveryMs ?? Math.max(1000, Math.floor(options.leaseMs / 3)));
  renewal.unref?.();
  try {
    const result = await fn();
    const at = now();
    await unitOfWork(db, async (tx) => void await tx.update(jobLeases).set({ expiresAt: at, lastOkAt: at, lastError: null }).where(ours));
    return { status: "ran", result };
  } catch (e) {
    // Freed as well: the next tick, here or on another server, tries again. The job's own error is
    // the one thrown, even if recording it fails too.
    try {
      await unitOfWork(db, async (tx) => void await tx.update(jobLeases).set({ expiresAt: now(), lastError: describeFailure(e) }).where(ours));
    } catch (recording) {
      console.error(`[gridcouncil] could not record the failure of job ${name}`, recording);
    }
    throw e;
  } finally {
    clearInterval(renewal);
    runningHere.delete(key);
  }
}
