import { and, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { grids, meetings, people, roles, type Meeting } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, can, requireVerified, type Resource } from "@/lib/auth/policy";
import { AppError, notFound } from "@/lib/errors";
import { first } from "@/db/query";

/** A grid meeting is the grid's; a community-level meeting (gridId null) is managed by community admins only. */
export function meetingResource(meeting: Pick<Meeting, "communityId" | "gridId">): Resource {
  return { communityId: meeting.communityId, gridId: meeting.gridId };
}

/** Every verified member of the community may see its meetings, as they may see its topics. */
export function mayViewMeeting(actor: Actor | null, meeting: Pick<Meeting, "communityId" | "gridId">): boolean {
  return can(actor, "topic.view", meetingResource(meeting));
}

export function mayManageMeeting(actor: Actor | null, meeting: Pick<Meeting, "communityId" | "gridId">): boolean {
  return can(actor, "meeting.manage", meetingResource(meeting));
}

/** Whether the actor runs meetings anywhere in this community (grid staff of one of its grids, or its admin). */
export function managesMeetingsIn(actor: Actor | null, communityId: number): boolean {
  return !!actor && actor.roles.some((r) => r.communityId === communityId && can(actor, "meeting.manage", { communityId, gridId: r.gridId }));
}

/**
 * Loads a meeting the actor may see. A meeting of another community is "not found" rather than
 * "forbidden", so that its existence does not leak; an unverified account gets 403 first.
 */
export async function loadVisibleMeeting(db: DB | Tx, actor: Actor, meetingId: number): Promise<Meeting> {
  requireVerified(actor);
  const meeting = await first(db.select().from(meetings).where(eq(meetings.id, meetingId)));
  if (!meeting || !mayViewMeeting(actor, meeting)) throw notFound("meetingNotFound");
  return meeting;
}

/** Loads a meeting the actor manages: 404 outside the community, 403 for members who are not its staff. */
export async function loadManagedMeeting(db: DB | Tx, actor: Actor, meetingId: number): Promise<{ meeting: Meeting; actor: Actor }> {
  const meeting = await loadVisibleMeeting(db, actor, meetingId);
  authorize(actor, "meeting.manage", meetingResource(meeting));
  return { meeting, actor };
}

/** A cancelled meeting, or one whose minutes are published, is over: its record no longer changes. */
export function assertMeetingOpen(meeting: Pick<Meeting, "status" | "minutesPublishedAt">): void {
  if (meeting.minutesPublishedAt) throw new AppError("conflict", "minutesAlreadyPublished");
  if (meeting.status !== "scheduled") throw new AppError("conflict", "meetingClosed");
}

/** Verified people among these ids who hold a role in the community (the only people a meeting can involve). */
export async function verifiedMembers(db: DB | Tx, communityId: number, personIds: number[]): Promise<Set<number>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ personId: roles.personId })
    .from(roles)
    .innerJoin(people, eq(people.id, roles.personId))
    .where(and(eq(roles.communityId, communityId), eq(people.status, "verified"), inArray(roles.personId, personIds)));
  return new Set(rows.map((r) => r.personId));
}

/** The grid a meeting would be held for, in the community it belongs to (404 when there is none). */
export async function loadGrid(db: DB | Tx, gridId: number) {
  const grid = await first(db.select({ id: grids.id, communityId: grids.communityId, name: grids.name, councilDay: grids.councilDay }).from(grids).where(eq(grids.id, gridId)));
  if (!grid) throw notFound("gridNotFound");
  return grid;
}
