import "server-only";
import os from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import { AppError } from "@/lib/errors";

/**
 * Worker-thread pools for the CPU-heavy work (lib/workers/tasks.mjs): one slow request must never
 * stall every other request on the event loop. Passwords and PDFs get separate pools, so a burst
 * of PDFs never makes sign-ins wait behind them.
 *
 * The task file is found from the working directory at run time (like db/client.ts finds the
 * migrations): `next build` bundles the app into .next, and a worker needs a real file on disk.
 */
const taskFile = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "workers", "tasks.mjs");

type PoolName = "password" | "pdf";

const cores = Math.max(1, os.availableParallelism());

const settings: Record<PoolName, ConstructorParameters<typeof Piscina>[0]> = {
  // bcrypt is short (~70 ms) and every sign-in needs it: up to half the cores, and a long queue
  // (each sign-in waits its turn; the sign-in throttle bounds what one caller can queue).
  // bcrypt needs almost no heap: a small cap keeps each worker's memory small.
  password: { maxThreads: Math.max(1, Math.min(4, Math.floor(cores / 2))), maxQueue: 1000, resourceLimits: { maxOldGenerationSizeMb: 32 } },
  // A big record takes a while; the per-person limit bounds what one caller can queue. The heap
  // cap keeps one runaway document from taking the server's memory (a task that hits it fails
  // alone, with a 500, and the pool starts a fresh worker).
  pdf: { maxThreads: Math.max(1, Math.min(2, Math.floor(cores / 2))), maxQueue: 200, resourceLimits: { maxOldGenerationSizeMb: 192 } },
};

const globalForPools = globalThis as unknown as { gridcouncilPools?: Partial<Record<PoolName, Piscina>> };

function pool(name: PoolName): Piscina {
  const pools = (globalForPools.gridcouncilPools ??= {});
  return (pools[name] ??= new Piscina({ filename: taskFile(), minThreads: 0, idleTimeout: 60_000, ...settings[name] }));
}

/** Runs one exported function of lib/workers/tasks.mjs in a worker thread of the given pool. */
export async function runTask<R>(poolName: PoolName, task: string, input: unknown): Promise<R> {
  try {
    return (await pool(poolName).run(input, { name: task })) as R;
  } catch (e) {
    // piscina refuses a task when the queue is full: the server is busy, the caller may retry.
    if (e instanceof Error && /queue is at limit/i.test(e.message)) throw new AppError("too_many_requests", "serverBusy");
    throw e;
  }
}
