import { like, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { people } from "@/db/schema";
import { displayNumberPrefix, type DisplayNumberParts } from "./display-number";

/** Next free display number for these parts; call inside the transaction that inserts the person. */
export function allocateDisplayNumber(tx: DB | Tx, parts: DisplayNumberParts): string {
  const prefix = displayNumberPrefix(parts);
  const row = tx
    .select({ n: sql<number>`count(*)` })
    .from(people)
    .where(like(people.displayNumber, `${prefix}%`))
    .get();
  return `${prefix}${(row?.n ?? 0) + 1}`;
}
