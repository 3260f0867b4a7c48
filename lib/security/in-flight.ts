/**
 * How much each key (usually a person) has in progress in this process, with a ceiling: a second
 * click on a slow PDF is refused (429), not queued behind the first. In memory on purpose — it
 * guards this process's CPU and memory, not a right, so a restart forgetting it is harmless.
 */
export function inFlightLimit(max: number) {
  const counts = new Map<string, number>();
  return {
    /** Runs `work` as one of `key`'s jobs in progress, or throws `refuse()` when it already has `max`. */
    async run<T>(key: string | number, refuse: () => Error, work: () => Promise<T>): Promise<T> {
      const k = String(key);
      const current = counts.get(k) ?? 0;
      if (current >= max) throw refuse();
      counts.set(k, current + 1);
      try {
        return await work();
      } finally {
        const left = (counts.get(k) ?? 1) - 1;
        if (left > 0) counts.set(k, left);
        else counts.delete(k);
      }
    },
  };
}
