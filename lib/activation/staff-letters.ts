import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { communities, grids, organisations, people, roles, type RoleKind } from "@/db/schema";
import { messages } from "@/lib/i18n/messages";
import { first } from "@/db/query";

/** The roles a staff sheet brings in (lib/imports/people/import-staff.ts): staff and organisation members, no unit. */
export const staffLetterRoles = ["gridChief", "gridWorker", "supervisor", "propertyFirmStaff", "ownersCommitteeMember", "thinkTankMember"] as const satisfies readonly RoleKind[];

/** One staff member's letter: a page of their own, with their roles and scopes as the sheet gave them. */
export type StaffLetter = {
  personId: number;
  name: string;
  /** Each role with where it applies, as printed: "第一网格 网格长", "测试物业 物业人员". */
  roles: string[];
  code: string;
  /** Whom to ask: the community admin who issued the letters. */
  contact: { name: string; phone: string } | null;
};

/**
 * Who of the community gets a staff letter: verified, no password yet, holding a staff or
 * organisation role there — and no owner or resident role anywhere. Someone who is both (a grid
 * worker who owns a flat) gets the household letter only: one code per person, and a second letter
 * would revoke the first one's code (issueActivationCodes), so two letters could never both work.
 * Used with `from(roles).innerJoin(people, …)`.
 */
export function staffWaitingWhere(communityId: number): SQL {
  // The outer person spelled with its table, as lib/admin/scope.ts does.
  const personId = sql`${people}.${sql.identifier("id")}`;
  return and(
    eq(roles.communityId, communityId),
    inArray(roles.role, [...staffLetterRoles]),
    isNull(people.passwordHash),
    eq(people.status, "verified"),
    sql`not exists (select 1 from ${roles} u where u.person_id = ${personId} and u.role in ('owner', 'resident'))`,
  )!;
}

/** How many of the community's staff are waiting for a letter (the overview's count). */
export async function countStaffWaiting(db: DB | Tx, communityId: number): Promise<number> {
  return (await first(db
    .select({ n: sql<number>`count(distinct ${people.id})` })
    .from(roles)
    .innerJoin(people, eq(roles.personId, people.id))
    .where(staffWaitingWhere(communityId))))!.n;
}

const roleNames = messages["zh-CN"].common.roles;

/** A role with its scope, in the letter's Chinese: the grid, the organisation, or the community for a community-wide supervisor. */
function roleLine(role: RoleKind, where: { grid: string | null; organisation: string | null; community: string }): string {
  const name = roleNames[role];
  if (where.organisation) return `${where.organisation} ${name}`;
  return `${where.grid ?? where.community} ${name}`;
}

/** The people waiting for a staff letter, each with their role lines, by name order of import (person id). */
export async function staffWaiting(tx: Tx, communityId: number): Promise<{ personId: number; name: string; roles: string[] }[]> {
  const rows = await tx
    .select({ personId: people.id, name: people.name, role: roles.role, grid: grids.name, organisation: organisations.name, community: communities.name })
    .from(roles)
    .innerJoin(people, eq(roles.personId, people.id))
    .innerJoin(communities, eq(roles.communityId, communities.id))
    .leftJoin(grids, eq(roles.gridId, grids.id))
    .leftJoin(organisations, eq(roles.organisationId, organisations.id))
    .where(staffWaitingWhere(communityId))
    .orderBy(asc(people.id), asc(roles.id));
  const byPerson = new Map<number, { personId: number; name: string; roles: string[] }>();
  for (const r of rows) {
    let p = byPerson.get(r.personId);
    if (!p) byPerson.set(r.personId, (p = { personId: r.personId, name: r.name, roles: [] }));
    const line = roleLine(r.role, r);
    if (!p.roles.includes(line)) p.roles.push(line);
  }
  return [...byPerson.values()];
}
