/**
 * How many requests each key (usually a person) may make per window in this process: for cheap,
 * quick answers that inFlightLimit cannot bound because each ends before the next begins (a poll
 * re-reading a whole state). A fixed window, in memory on purpose — it guards this process's CPU,
 * not a right, so a restart forgetting it is harmless; the whole map is dropped when the window
 * turns, so keys an attacker invents cost nothing after it.
 */
export function requestRate(max: number, windowMs: number, clock: () => number = Date.now) {
  let windowStart = -Infinity;
  const counts = new Map<string, number>();
  return {
    /** Counts one request of `key`, or throws `refuse()` when it already made `max` in this window. */
    take(key: string | number, refuse: () => Error): void {
      const now = clock();
      if (now - windowStart >= windowMs) {
        counts.clear();
        windowStart = now;
      }
      const k = String(key);
      const used = counts.get(k) ?? 0;
      if (used >= max) throw refuse();
      counts.set(k, used + 1);
    },
  };
}
