/**
 * `items.map(make)` for an async `make`, one after another as the items are listed, so what the
 * tests build (people, units, topics) gets its ids and numbers in the same order every run.
 */
export async function inOrder<T, R>(items: readonly T[], make: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const made: R[] = [];
  for (const [i, item] of items.entries()) made.push(await make(item, i));
  return made;
}
