import { and, asc, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { meetingAttendance, organisations, people, roles, type OrganisationKind, type RoleKind } from "@/db/schema";

export type Attendee = {
  personId: number;
  name: string;
  displayNumber: string;
  /** The roles the person holds in the meeting's community, in the order of the role list. */
  roles: RoleKind[];
  /** Names of the organisations they belong to (property firm, owners' committee, think tanks). */
  organisations: string[];
  method: "staff" | "qr";
  at: Date;
};

export type OrganisationPresent = { id: number; name: string; kind: OrganisationKind };

const organisationRoles: RoleKind[] = ["propertyFirmStaff", "ownersCommitteeMember", "thinkTankMember"];

/** Roles and organisations of some people within one community. */
export async function rolesOf(db: DB | Tx, communityId: number, personIds: number[]) {
  if (personIds.length === 0) return new Map<number, { roles: RoleKind[]; organisations: OrganisationPresent[] }>();
  const rows = await db
    .select({ personId: roles.personId, role: roles.role, orgId: organisations.id, orgName: organisations.name, orgKind: organisations.kind })
    .from(roles)
    .leftJoin(organisations, eq(organisations.id, roles.organisationId))
    .where(and(eq(roles.communityId, communityId), inArray(roles.personId, personIds)))
    .orderBy(asc(roles.id));
  const out = new Map<number, { roles: RoleKind[]; organisations: OrganisationPresent[] }>();
  for (const r of rows) {
    const entry = out.get(r.personId) ?? { roles: [], organisations: [] };
    if (!entry.roles.includes(r.role)) entry.roles.push(r.role);
    if (r.orgId != null && organisationRoles.includes(r.role) && !entry.organisations.some((o) => o.id === r.orgId)) {
      entry.organisations.push({ id: r.orgId, name: r.orgName!, kind: r.orgKind! });
    }
    out.set(r.personId, entry);
  }
  return out;
}

/**
 * Who was present, as the minutes list them: every attendee with their roles, and the
 * organisations present through them (property firm, owners' committee, think tanks).
 */
export async function attendanceOf(db: DB | Tx, meeting: { id: number; communityId: number }): Promise<{ attendees: Attendee[]; organisations: OrganisationPresent[] }> {
  const present = await db
    .select({ personId: people.id, name: people.name, displayNumber: people.displayNumber, method: meetingAttendance.method, at: meetingAttendance.at })
    .from(meetingAttendance)
    .innerJoin(people, eq(people.id, meetingAttendance.personId))
    .where(eq(meetingAttendance.meetingId, meeting.id))
    .orderBy(asc(meetingAttendance.at), asc(meetingAttendance.id));
  const held = await rolesOf(db, meeting.communityId, present.map((p) => p.personId));
  const orgs = new Map<number, OrganisationPresent>();
  const attendees = present.map((p) => {
    const h = held.get(p.personId) ?? { roles: [], organisations: [] };
    h.organisations.forEach((o) => orgs.set(o.id, o));
    return { ...p, roles: h.roles, organisations: h.organisations.map((o) => o.name) };
  });
  const kindOrder: OrganisationKind[] = ["propertyFirm", "ownersCommittee", "thinkTank"];
  return {
    attendees,
    organisations: [...orgs.values()].sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.id - b.id),
  };
}
