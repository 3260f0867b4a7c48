import { and, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { meetingAgendaItems, meetingInvitees, meetings, topicEvents, topics } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, communitiesWhere, requireVerified } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { forbidden, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { scheduleMeetingInput } from "@/lib/validation/meetings";
import { loadGrid } from "./access";
import { resolveInvitees } from "./invitees";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type ScheduledMeeting = { meetingId: number; invited: number; topicIds: number[] };

/** Topics may go on a meeting's agenda once admitted, while they are being deliberated. */
export const agendaStates = ["consulting", "drafting"] as const;

export type MeetingPlace = { communityId: number; gridId: number | null };

/**
 * Where a new meeting belongs and whether the actor may hold it there: a grid meeting is for that
 * grid's staff (and the community admins); a community-level meeting is for community admins, in
 * the community named or, when none is named, the one community they run.
 */
export async function resolveMeetingPlace(db: DB | Tx, actor: Actor, input: { gridId?: number; communityId?: number }): Promise<MeetingPlace> {
  requireVerified(actor);
  if (input.gridId != null) {
    const grid = await loadGrid(db, input.gridId);
    authorize(actor, "meeting.manage", { communityId: grid.communityId, gridId: grid.id });
    return { communityId: grid.communityId, gridId: grid.id };
  }
  if (input.communityId != null) {
    authorize(actor, "meeting.manage", { communityId: input.communityId });
    return { communityId: input.communityId, gridId: null };
  }
  const admin = communitiesWhere(actor, "meeting.manage");
  if (admin.length === 0) {
    // Grid staff who left the grid out meant their grid; asking for it is clearer than a bare 403.
    if (actor.roles.some((r) => r.role === "gridChief" || r.role === "gridWorker")) throw invalid("meetingGridRequired", { gridId: "meetingGridRequired" });
    throw forbidden();
  }
  if (admin.length > 1) throw invalid("communityRequired", { communityId: "communityRequired" });
  return { communityId: admin[0]!, gridId: null };
}

/**
 * The topics of an agenda, checked inside the caller's transaction: each must be of the meeting's
 * community and, for a grid meeting, a grid-level topic of that grid (community-level topics are
 * deliberated by the community: 大事不出社区), and admitted and still under deliberation.
 */
export async function loadAgendaTopics(tx: DB | Tx, place: MeetingPlace, topicIds: number[]) {
  const ids = [...new Set(topicIds)];
  const rows = await tx
    .select({ id: topics.id, gridId: topics.gridId, level: topics.level, state: topics.state, title: topics.title })
    .from(topics)
    .where(and(inArray(topics.id, ids), eq(topics.communityId, place.communityId)));
  if (rows.length !== ids.length) throw invalid("meetingTopicNotFound", { topicIds: "meetingTopicNotFound" });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.map((id) => byId.get(id)!);
  for (const t of ordered) {
    if (place.gridId != null && (t.gridId !== place.gridId || t.level !== "grid")) throw invalid("meetingTopicOutsideGrid", { topicIds: "meetingTopicOutsideGrid" });
    if (!(agendaStates as readonly string[]).includes(t.state)) throw invalid("meetingTopicNotAdmitted", { topicIds: "meetingTopicNotAdmitted" }, { title: t.title });
  }
  return ordered;
}

/**
 * Staff schedule a meeting (议事会) for one or more admitted topics: time, place or online link,
 * agenda, invitees by person, role or think tank. Invitees are notified and every topic on the
 * agenda gets a timeline entry.
 */
export async function scheduleMeeting(ctx: ActorCtx, raw: unknown): Promise<ScheduledMeeting> {
  const input = scheduleMeetingInput.parse(raw);
  const { db, actor } = ctx;
  const place = await resolveMeetingPlace(db, actor, input);
  requireVerified(actor);

  return await unitOfWork(db, async (tx) => {
    const agenda = await loadAgendaTopics(tx, place, input.topicIds);
    const invitees = await resolveInvitees(tx, place, input);
    const meeting = await first(tx
      .insert(meetings)
      .values({
        communityId: place.communityId,
        gridId: place.gridId,
        title: input.title,
        startsAt: input.startsAt,
        durationMinutes: input.durationMinutes,
        place: input.place,
        onlineUrl: input.onlineUrl,
        quorumRequired: input.quorumRequired ?? null,
        createdBy: actor.personId,
      })
      .returning({ id: meetings.id }));
    for (const [i, t] of agenda.entries()) {
await tx.insert(meetingAgendaItems).values({ meetingId: meeting.id, topicId: t.id, position: i + 1 });
}
    if (invitees.size) {
      await tx.insert(meetingInvitees)
        .values([...invitees].map(([personId, invitedAs]) => ({ meetingId: meeting.id, personId, invitedAs })));
    }
    const startsAt = input.startsAt.getTime();
    for (const t of agenda) {
      await tx.insert(topicEvents).values({ topicId: t.id, actorId: actor.personId, kind: "meetingScheduled", data: { meetingId: meeting.id, startsAt } });
    }
    await notify(tx, invitees.keys(), "meetingScheduled", {
      meetingId: meeting.id,
      ...(agenda.length === 1 ? { topicId: agenda[0]!.id } : {}),
      data: { title: input.title, startsAt },
      actorId: actor.personId,
    });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "meeting.scheduled",
      subjectType: "meeting",
      subjectId: meeting.id,
      data: { gridId: place.gridId, topicIds: agenda.map((t) => t.id), invited: invitees.size, startsAt },
    });
    return { meetingId: meeting.id, invited: invitees.size, topicIds: agenda.map((t) => t.id) };
  });
}
