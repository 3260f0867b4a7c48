import { and, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { meetingAgendaItems, meetingAttendance, meetingRooms, meetingSpeakers, type Meeting, type MeetingRoom } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/policy";
import { defaultSpeakingSeconds, openSpeakerStatuses, phaseRefusal, type QueueEntry, type RoomCommand } from "@/lib/domain/meeting-room";
import { AppError, invalid } from "@/lib/errors";
import { assertMeetingOpen, loadVisibleMeeting, managesMeetingsIn, meetingResource } from "../access";
import { first } from "@/db/query";

/** A room that has never changed reads as waiting, with the default speaking time. */
export async function roomOf(db: DB | Tx, meetingId: number): Promise<MeetingRoom> {
  return (
    await first(db.select().from(meetingRooms).where(eq(meetingRooms.meetingId, meetingId))) ?? {
      meetingId,
      phase: "waiting",
      currentAgendaItemId: null,
      chairPersonId: null,
      speakingSeconds: defaultSpeakingSeconds,
      startedAt: null,
      endedAt: null,
      version: 0,
    }
  );
}

/** Creates the room row if it is not there yet (inside the change's transaction). */
export async function ensureRoom(tx: DB | Tx, meetingId: number): Promise<void> {
  await tx.insert(meetingRooms).values({ meetingId }).onConflictDoNothing();
}

export async function isCheckedIn(db: DB | Tx, meetingId: number, personId: number): Promise<boolean> {
  return !!await first(db
    .select({ id: meetingAttendance.id })
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.personId, personId))));
}

export type RoomFacts = { meeting: Meeting; room: MeetingRoom; mayChair: boolean; isStaff: boolean; checkedIn: boolean };

/** What the policy is told about this meeting for this actor: its place, whether they are its designated chair, whether checked in. */
function roomResource(meeting: Meeting, room: MeetingRoom, actor: Actor, checkedIn: boolean) {
  return { ...meetingResource(meeting), designatedChair: room.chairPersonId === actor.personId, checkedIn };
}

/**
 * Loads the meeting (404 outside the community, 403 unverified) with its room and the facts the
 * policy needs about this actor in it.
 */
export async function loadRoom(db: DB | Tx, actor: Actor, meetingId: number): Promise<RoomFacts> {
  const meeting = await loadVisibleMeeting(db, actor, meetingId);
  const room = await roomOf(db, meeting.id);
  const checkedIn = await isCheckedIn(db, meeting.id, actor.personId);
  const res = roomResource(meeting, room, actor, checkedIn);
  return { meeting, room, checkedIn, mayChair: can(actor, "meeting.chair", res), isStaff: managesMeetingsIn(actor, meeting.communityId) };
}

/** The chair's commands: 403 for anyone else, 409 once the meeting is cancelled or its minutes published. */
export async function loadChairedRoom(db: DB | Tx, actor: Actor, meetingId: number): Promise<RoomFacts> {
  const facts = await loadRoom(db, actor, meetingId);
  authorize(actor, "meeting.chair", roomResource(facts.meeting, facts.room, actor, facts.checkedIn));
  assertMeetingOpen(facts.meeting);
  return facts;
}

/** Asking for and withdrawing the floor: only people checked in (403 otherwise). */
export async function loadSpeakerRoom(db: DB | Tx, actor: Actor, meetingId: number): Promise<RoomFacts> {
  const facts = await loadRoom(db, actor, meetingId);
  if (!can(actor, "meeting.speak", roomResource(facts.meeting, facts.room, actor, facts.checkedIn))) throw new AppError("forbidden", "speakNotCheckedIn");
  assertMeetingOpen(facts.meeting);
  return facts;
}

/** 409 when the room's phase does not allow the command (read inside the transaction). */
export async function assertPhase(tx: DB | Tx, meetingId: number, command: RoomCommand): Promise<MeetingRoom> {
  const room = await roomOf(tx, meetingId);
  const refusal = phaseRefusal(room.phase, command);
  if (refusal) throw new AppError("conflict", refusal);
  return room;
}

/** The meeting's open requests (waiting or speaking), as the queue rules take them. */
export async function openQueue(tx: DB | Tx, meetingId: number): Promise<QueueEntry[]> {
  return await tx
    .select({ id: meetingSpeakers.id, personId: meetingSpeakers.personId, status: meetingSpeakers.status, requestedAt: meetingSpeakers.requestedAt })
    .from(meetingSpeakers)
    .where(and(eq(meetingSpeakers.meetingId, meetingId), inArray(meetingSpeakers.status, [...openSpeakerStatuses])));
}

/** 422 unless the agenda item is one of this meeting's. */
export async function loadAgendaItem(tx: DB | Tx, meetingId: number, agendaItemId: number) {
  const item = await first(tx
    .select()
    .from(meetingAgendaItems)
    .where(and(eq(meetingAgendaItems.id, agendaItemId), eq(meetingAgendaItems.meetingId, meetingId))));
  if (!item) throw invalid("roomAgendaItemInvalid", { agendaItemId: "roomAgendaItemInvalid" });
  return item;
}

/** 409 with the queue rule's reason. */
export function refuseIf(reason: string | null): void {
  if (reason) throw new AppError("conflict", reason);
}
