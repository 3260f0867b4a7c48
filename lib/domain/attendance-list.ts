/**
 * The order and filter of a meeting's attendance list, as staff tick people off at the door: who is
 * already present first, then those who said they would come, those who have not answered, and
 * those who declined; within each group the list keeps its own order. A search keeps the people
 * whose name or role words contain it (what the person at the door says: "王", "物业").
 */
export type AttendanceEntry = { personId: number; name: string; response?: "attending" | "declined" | "pending" | string; words?: string[] };

export function attendanceList<E extends AttendanceEntry>(entries: readonly E[], presentIds: ReadonlySet<number>, query = ""): E[] {
  const q = query.trim().toLowerCase();
  const rank = (e: E) => (presentIds.has(e.personId) ? 0 : e.response === "attending" ? 1 : e.response === "declined" ? 3 : 2);
  return entries
    .filter((e) => !q || e.name.toLowerCase().includes(q) || (e.words ?? []).some((w) => w.toLowerCase().includes(q)))
    .map((e, i) => ({ e, i, r: rank(e) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ e }) => e);
}
