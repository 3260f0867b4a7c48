import { and, asc, count, eq, inArray, or, sql, type Column } from "drizzle-orm";
import { people, roles, type PersonStatus, type RoleKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { listPeopleInput, PEOPLE_PAGE_SIZE } from "@/lib/validation/admin";
import { communityInfo, type AdminCommunity } from "./list-admin-communities";
import { personInCommunities, resolveCommunity } from "./scope";
import { first } from "@/db/query";

export type AdminPersonRow = {
  id: number;
  name: string;
  phone: string;
  displayNumber: string;
  status: PersonStatus;
  /** False until someone brought in from a register sets a password (未激活). */
  activated: boolean;
  /** Verified by an imported register rather than a staff review. */
  fromRegister: boolean;
  /** The roles held in this community. */
  roles: RoleKind[];
};

export type AdminPeoplePage = {
  community: AdminCommunity;
  q: string;
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
  people: AdminPersonRow[];
};

/** LIKE treats % and _ as wildcards: a search for "_" should find an underscore, not everybody. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** People of the admin's community, searched by name, phone or display number, a page at a time. */
export async function listPeopleAdmin(ctx: ActorCtx, raw: unknown): Promise<AdminPeoplePage> {
  const input = listPeopleInput.parse(raw);
  const { db, actor } = ctx;
  const communityId = resolveCommunity(actor, "person.manage", input.communityId);
  authorize(actor, "person.manage", { communityId });

  const q = input.q ?? "";
  const pattern = `%${likeEscape(q)}%`;
  // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not (display numbers are capitals).
  const matches = (column: Column) => sql`lower(${column}) like lower(${pattern}) escape '\\'`;
  const where = and(
    personInCommunities([communityId]),
    q ? or(matches(people.name), matches(people.phone), matches(people.displayNumber)) : undefined,
  );
  const total = (await first(db.select({ n: count() }).from(people).where(where)))?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
  const page = Math.min(input.page, pageCount);
  const rows = await db
    .select({
      id: people.id,
      name: people.name,
      phone: people.phone,
      displayNumber: people.displayNumber,
      status: people.status,
      // Whether a password is set, never the hash itself.
      // Booleans on both engines: SQLite answers 1/0, PostgreSQL true/false.
      activated: sql<boolean>`${people.passwordHash} is not null`.mapWith(Boolean),
      fromRegister: sql<boolean>`${people.verifiedByImportId} is not null`.mapWith(Boolean),
    })
    .from(people)
    .where(where)
    .orderBy(asc(people.displayNumber), asc(people.id))
    .limit(PEOPLE_PAGE_SIZE)
    .offset((page - 1) * PEOPLE_PAGE_SIZE);

  const held = rows.length
    ? await db
        .select({ personId: roles.personId, role: roles.role })
        .from(roles)
        .where(and(eq(roles.communityId, communityId), inArray(roles.personId, rows.map((r) => r.id))))
    : [];
  return {
    community: await communityInfo(db, communityId),
    q,
    page,
    pageSize: PEOPLE_PAGE_SIZE,
    pageCount,
    total,
    people: rows.map((r) => ({ ...r, roles: [...new Set(held.filter((h) => h.personId === r.id).map((h) => h.role))] })),
  };
}
