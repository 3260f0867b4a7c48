import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { communities, grids } from "./places";
import { people } from "./people";
import { topics } from "./topics";

// ── Meetings (议事会)

export const meetingStatuses = ["scheduled", "held", "cancelled"] as const;

export const meetings = sqliteTable(
  "meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** Null for a community-level meeting. */
    gridId: integer("grid_id").references(() => grids.id),
    title: text("title").notNull(),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
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
    checkinExpiresAt: integer("checkin_expires_at", { mode: "timestamp_ms" }),
    minutesJson: text("minutes_json", { mode: "json" }).$type<unknown>(),
    minutesHtml: text("minutes_html"),
    minutesPublishedAt: integer("minutes_published_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index("meetings_grid_starts").on(t.gridId, t.startsAt), index("meetings_community_starts").on(t.communityId, t.startsAt)],
);
export type Meeting = typeof meetings.$inferSelect;

export const meetingAgendaItems = sqliteTable(
  "meeting_agenda_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    position: integer("position").notNull(),
    /** Filled in the minutes: what was said and what was concluded on this topic. */
    discussion: text("discussion").notNull().default(""),
    conclusion: text("conclusion").notNull().default(""),
  },
  (t) => [uniqueIndex("meeting_agenda_meeting_topic").on(t.meetingId, t.topicId), index("meeting_agenda_topic").on(t.topicId)],
);

export const meetingResponses = ["pending", "attending", "declined"] as const;

export const meetingInvitees = sqliteTable(
  "meeting_invitees",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    personId: integer("person_id").notNull().references(() => people.id),
    /** How they came to be invited: by name, by role, or as a think-tank member. */
    invitedAs: text("invited_as").notNull().default("person"),
    response: text("response", { enum: meetingResponses }).notNull().default("pending"),
    respondedAt: integer("responded_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("meeting_invitees_meeting_person").on(t.meetingId, t.personId), index("meeting_invitees_person").on(t.personId)],
);

export const meetingAttendance = sqliteTable(
  "meeting_attendance",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    personId: integer("person_id").notNull().references(() => people.id),
    /** "staff" when ticked off by staff, "qr" when the person checked in themselves. */
    method: text("method", { enum: ["staff", "qr"] }).notNull(),
    recordedBy: integer("recorded_by"),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex("meeting_attendance_meeting_person").on(t.meetingId, t.personId), index("meeting_attendance_person").on(t.personId)],
);

export const meetingFollowUps = sqliteTable(
  "meeting_follow_ups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
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

export const meetingRoomPhases = ["waiting", "running", "ended"] as const;

export const meetingRooms = sqliteTable("meeting_rooms", {
  meetingId: integer("meeting_id")
    .primaryKey()
    .references(() => meetings.id),
  phase: text("phase", { enum: meetingRoomPhases }).notNull().default("waiting"),
  currentAgendaItemId: integer("current_agenda_item_id").references(() => meetingAgendaItems.id),
  /** A designated chair besides the grid's staff; null when the staff chair it themselves. */
  chairPersonId: integer("chair_person_id").references(() => people.id),
  speakingSeconds: integer("speaking_seconds").notNull().default(180),
  startedAt: integer("started_at", { mode: "timestamp_ms" }),
  endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  /** Bumped by every change to the room, its queue, its attendance or a live ballot: the SSE event id. */
  version: integer("version").notNull().default(0),
});
export type MeetingRoom = typeof meetingRooms.$inferSelect;

export const meetingSpeakerStatuses = ["waiting", "speaking", "done", "skipped", "withdrawn"] as const;

export const meetingSpeakers = sqliteTable(
  "meeting_speakers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    agendaItemId: integer("agenda_item_id").references(() => meetingAgendaItems.id),
    personId: integer("person_id").notNull().references(() => people.id),
    status: text("status", { enum: meetingSpeakerStatuses }).notNull().default("waiting"),
    requestedAt: integer("requested_at", { mode: "timestamp_ms" }).notNull(),
    grantedAt: integer("granted_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
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
export const meetingDisplayCodes = sqliteTable(
  "meeting_display_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id),
    codeHash: text("code_hash").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdBy: integer("created_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("meeting_display_codes_hash").on(t.codeHash), index("meeting_display_codes_meeting").on(t.meetingId)],
);
