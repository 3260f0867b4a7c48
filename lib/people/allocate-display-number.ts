import { and, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { people } from "@/db/schema";
import { displayNumberPrefix, type DisplayNumberParts } from "./display-number";
import { first } from "@/db/query";

/**
 * Next free display number for these parts; call inside the transaction that inserts the person.
 * Matches the prefix exactly (not with LIKE, where "_" is a wildcard) and only numbers whose
 * remainder is the sequence itself, so room "1" is not confused with room "1-302".
 */
export async function allocateDisplayNumber(tx: DB | Tx, parts: DisplayNumberParts): Promise<string> {
  const prefix = displayNumberPrefix(parts);
  const len = prefix.length;
  const row = await first(tx
    .select({ n: sql<number | null>`max(cast(substr(${people.displayNumber}, ${len + 1}) as integer))` })
    .from(people)
    .where(
      and(
        sql`substr(${people.displayNumber}, 1, ${len}) = ${prefix}`,
        sql`substr(${people.displayNumber}, ${len + 1}) <> ''`,
        // Digits only: nothing left once the digits are trimmed off (glob is SQLite's alone).
        sql`ltrim(substr(${people.displayNumber}, ${len + 1}), '0123456789') = ''`,
      ),
    ));
  return `${prefix}${(row?.n ?? 0) + 1}`;
}
