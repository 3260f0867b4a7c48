// PostgreSQL mirror of db/schema/meetings.ts (issue 15): the same tables, columns, indexes and keys;
// tests/unit/schema-parity.test.ts and tests/pg/schema-parity.test.ts fail when the two drift.
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, timestampMs } from "./columns";
import { communities, grids } from "./places";
import { people } from "./people";
import { topics } from "./topics";
import { meetingStatuses, meetingResponses, meetingRoomPhases, meetingSpeakerStatuses } from "../schema/meetings";
// The vocabularies (value lists and their types) are the SQLite file's own, so they cannot drift apart.
export { meetingStatuses, meetingResponses, meetingRoomPhases, meetingSpeakerStatuses } from "../schema/meetings";

// ── Meetings (议事会)

export const meetings = pgTable(
  "meetings",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** Null for a community-level meeting. */
    gridId: integer("grid_id").references(() => grids.id),
    title: text("title").notNull(),
    startsAt: timestampMs("starts_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull().default(90),
    place: text("place").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    status: text("status", { enum: meetingStatuses }).notNull().default("scheduled"),
    /**
     * 法定人数: how many must be present for the meeting to decide (null: none set). The live room
     * shows attendance against it and a live vote takes it as its presence quorum by default.
     */
    quorumRequired: integer("quorum_required"),
    /** Self check-in: the code behind the QR shown in the room, valid until checkinExpiresAt. */
    checkinCode: text("checkin_code"),
    checkinExpiresAt: timestampMs("checkin_expires_at"),
    minutesJson: jsonb("minutes_json").$type<unknown>(),
    minutesHtml: text("minutes_html"),
    minutesPublishedAt: timestampMs("minutes_published_at"),
    createdBy: integer("created_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index("meetings_grid_starts").on(t.gridId, t.startsAt), index("meetings_community_starts").on(t.communityId, t.startsAt)],
);
export type Meeting = typeof meetings.$inferSelect;

export const meetingAgendaItems = pgTable(
  "meeting_agenda_items",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    position: integer("position").notNull(),
    /** Filled in the minutes: what was said and what was concluded on this topic. */
    discussion: text("discussion").notNull().default(""),
    conclusion: text("conclusion").notNull().default(""),
  },
  (t) => [uniqueIndex("meeting_agenda_meeting_topic").on(t.meetingId, t.topicId), index("meeting_agenda_topic").on(t.topicId)],
);

export const meetingInvitees = pgTable(
  "meeting_invitees",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    personId: integer("person_id").notNull().references(() => people.id),
    /** How they came to be invited: by name, by role, or as a think-tank member. */
    invitedAs: text("invited_as").notNull().default("person"),
    response: text("response", { enum: meetingResponses }).notNull().default("pending"),
    respondedAt: timestampMs("responded_at"),
  },
  (t) => [uniqueIndex("meeting_invitees_meeting_person").on(t.meetingId, t.personId), index("meeting_invitees_person").on(t.personId)],
);

export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    personId: integer("person_id").notNull().references(() => people.id),
    /** "staff" when ticked off by staff, "qr" when the person checked in themselves. */
    method: text("method", { enum: ["staff", "qr"] }).notNull(),
    recordedBy: integer("recorded_by"),
    at: timestampMs("at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("meeting_attendance_meeting_person").on(t.meetingId, t.personId), index("meeting_attendance_person").on(t.personId)],
);

export const meetingFollowUps = pgTable(
  "meeting_follow_ups",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    topicId: integer("topic_id").references(() => topics.id),
    action: text("action").notNull(),
    owner: text("owner").notNull().default(""),
    dueOn: text("due_on"),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("meeting_follow_ups_meeting").on(t.meetingId)],
);

// ── The live meeting room (issue 13): the state of a meeting while it runs, in the database so a
// restart loses nothing and every screen reads the same truth.

export const meetingRooms = pgTable("meeting_rooms", {
  meetingId: integer("meeting_id")
    .primaryKey()
    .references(() => meetings.id)
    // SQLite's INTEGER PRIMARY KEY is the rowid, so drizzle lets an insert leave it out there; the
    // same optional insert type here keeps the row types equal, and a room without its meeting's
    // id is refused at once instead of getting an invented one.
    .$defaultFn(() => {
      throw new Error("meeting_rooms.meeting_id is required");
    }),
  phase: text("phase", { enum: meetingRoomPhases }).notNull().default("waiting"),
  currentAgendaItemId: integer("current_agenda_item_id").references(() => meetingAgendaItems.id),
  /** A designated chair besides the grid's staff; null when the staff chair it themselves. */
  chairPersonId: integer("chair_person_id").references(() => people.id),
  speakingSeconds: integer("speaking_seconds").notNull().default(180),
  startedAt: timestampMs("started_at"),
  endedAt: timestampMs("ended_at"),
  /** Bumped by every change to the room, its queue, its attendance or a live ballot: the SSE event id. */
  version: integer("version").notNull().default(0),
});
export type MeetingRoom = typeof meetingRooms.$inferSelect;

export const meetingSpeakers = pgTable(
  "meeting_speakers",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    agendaItemId: integer("agenda_item_id").references(() => meetingAgendaItems.id),
    personId: integer("person_id").notNull().references(() => people.id),
    status: text("status", { enum: meetingSpeakerStatuses }).notNull().default("waiting"),
    requestedAt: timestampMs("requested_at").notNull(),
    grantedAt: timestampMs("granted_at"),
    endedAt: timestampMs("ended_at"),
  },
  (t) => [
    index("meeting_speakers_meeting_status").on(t.meetingId, t.status),
    // One speaker at a time, enforced by the database as well as by the rule.
    uniqueIndex("meeting_speakers_one_speaking").on(t.meetingId).where(sql`status = 'speaking'`),
    // One open request per person per meeting.
    uniqueIndex("meeting_speakers_one_open_request").on(t.meetingId, t.personId).where(sql`status in ('waiting', 'speaking')`),
  ],
);
export type MeetingSpeaker = typeof meetingSpeakers.$inferSelect;

/** Short-lived codes that open the projector view without a staff session (only the hash is kept). */
export const meetingDisplayCodes = pgTable(
  "meeting_display_codes",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    codeHash: text("code_hash").notNull(),
    expiresAt: timestampMs("expires_at").notNull(),
    createdBy: integer("created_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("meeting_display_codes_hash").on(t.codeHash), index("meeting_display_codes_meeting").on(t.meetingId)],
);
