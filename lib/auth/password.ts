import { runTask } from "@/lib/workers/pool";

// bcrypt cost 10: ~70 ms in pure JS here, slow enough to resist guessing, fast enough for sign-in.
// bcryptjs runs in a worker thread (lib/workers/tasks.mjs): on the event loop thirty sign-ins at
// once would stall every other request for two seconds. Same library, same hash format, so the
// hashes already in a database keep working.
const COST = 10;

export const hashPassword = (plain: string) => runTask<string>("password", "hashPassword", { plain, cost: COST });
export const checkPassword = (plain: string, hash: string) => runTask<boolean>("password", "checkPassword", { plain, hash });

let dummy: Promise<string> | null = null;

/**
 * Checks the password against a hash of nothing anybody knows, at the same cost as a real one: an
 * unknown number then takes as long to refuse as a wrong password, so the answer's timing does
 * not tell which numbers are registered.
 */
export async function checkAgainstDummy(plain: string): Promise<false> {
  // A failed hash (the pool's queue full at that moment) is not kept: every later unknown number
  // would then get "server busy" where a registered one gets "wrong password", telling them apart.
  dummy ??= hashPassword(crypto.randomUUID()).catch((e: unknown) => {
    dummy = null;
    throw e;
  });
  await checkPassword(plain, await dummy);
  return false;
}
