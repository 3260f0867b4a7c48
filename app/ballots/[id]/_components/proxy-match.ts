/**
 * The one candidate whose name or number is exactly what staff typed: typing a person's full name
 * is choosing them, so the form need not also ask for a tap on 选择. Null when none or several match
 * (two people of the same name must still be told apart by their numbers).
 */
export function exactCandidate<C extends { name: string; displayNumber: string }>(query: string, hits: readonly C[]): C | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const exact = hits.filter((c) => c.name.toLowerCase() === q || c.displayNumber.toLowerCase() === q);
  return exact.length === 1 ? exact[0]! : null;
}
