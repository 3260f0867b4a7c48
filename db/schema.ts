import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { topicStates } from "../lib/domain/topic-state-machine";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

// ── Organisation of the city: community (社区) → grid (网格) → building/micro-grid (楼栋) → unit (房屋)

export const communities = sqliteTable("communities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Short code, the first part of every display number (见号知网格), e.g. "HX". */
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  district: text("district").notNull().default(""),
  street: text("street").notNull().default(""),
  createdAt: createdAt(),
});
export type Community = typeof communities.$inferSelect;

export const grids = sqliteTable(
  "grids",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id").notNull().references(() => communities.id),
    /** Two-digit number within the community, e.g. "01". */
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** 网格议事日: day of month of the recurring council meeting, if the grid keeps one. */
    councilDay: integer("council_day"),
    /** Co-signatures a resident's topic needs before admission (附议门槛). */
    cosignThreshold: integer("cosign_threshold").notNull().default(5),
    /** Days a topic may collect co-signatures before it expires. */
    cosignWindowDays: integer("cosign_window_days").notNull().default(14),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("grids_community_code").on(t.communityId, t.code)],
);
export type Grid = typeof grids.$inferSelect;

export const buildings = sqliteTable(
  "buildings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    gridId: integer("grid_id").notNull().references(() => grids.id),
    /** Two-digit building number within the grid, e.g. "03". */
    code: text("code").notNull(),
    name: text("name").notNull(),
    floors: integer("floors"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("buildings_grid_code").on(t.gridId, t.code)],
);
export type Building = typeof buildings.$inferSelect;

export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    buildingId: integer("building_id").notNull().references(() => buildings.id),
    /** Room number as written on the door, e.g. "1302" or "2-501". */
    number: text("number").notNull(),
    /**
     * Exclusive area (专有部分面积) in hundredths of a square metre, kept as an integer so that
     * the area sums of the owners' vote rule (Civil Code art. 278) are exact.
     */
    areaHundredths: integer("area_hundredths").notNull(),
    /** Unsold units still held by the developer count together as one owner (司法解释). */
    developerHeld: integer("developer_held", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("units_building_number").on(t.buildingId, t.number)],
);
export type Unit = typeof units.$inferSelect;

export const organisationKinds = ["propertyFirm", "ownersCommittee", "thinkTank"] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const organisations = sqliteTable("organisations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  communityId: integer("community_id").notNull().references(() => communities.id),
  kind: text("kind", { enum: organisationKinds }).notNull(),
  name: text("name").notNull(),
  /** Short code used in display numbers of the organisation's people, e.g. "WY1". */
  code: text("code").notNull(),
  description: text("description").notNull().default(""),
  createdAt: createdAt(),
});
export type Organisation = typeof organisations.$inferSelect;

// ── People and the roles they hold in scopes

export const personStatuses = ["pending", "verified", "rejected"] as const;
export type PersonStatus = (typeof personStatuses)[number];

export const people = sqliteTable("people", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  phone: text("phone").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  name: text("name").notNull(),
  /** 见号知身份、见号知单位、见号知网格: see lib/people/display-number.ts for the format. */
  displayNumber: text("display_number").notNull().unique(),
  status: text("status", { enum: personStatuses }).notNull().default("pending"),
  /** What the person claimed when registering, until staff verify or reject it. */
  claimedUnitId: integer("claimed_unit_id").references(() => units.id),
  claimedOwner: integer("claimed_owner", { mode: "boolean" }).notNull().default(false),
  rejectReason: text("reject_reason"),
  reviewedBy: integer("reviewed_by"),
  reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});
export type Person = typeof people.$inferSelect;

export const roleKinds = [
  "resident",
  "owner",
  "ownersCommitteeMember",
  "propertyFirmStaff",
  "gridChief",
  "gridWorker",
  "supervisor",
  "thinkTankMember",
  "communityAdmin",
] as const;
export type RoleKind = (typeof roleKinds)[number];

/**
 * One row per role a person holds in one scope. The scope columns that matter depend on the role:
 * resident/owner → unitId (and its grid); staff → gridId; organisation roles → organisationId;
 * supervisor and communityAdmin → communityId (and gridId when limited to a grid).
 */
export const roles = sqliteTable(
  "roles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id").notNull().references(() => people.id),
    role: text("role", { enum: roleKinds }).notNull(),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    unitId: integer("unit_id").references(() => units.id),
    organisationId: integer("organisation_id").references(() => organisations.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("roles_person").on(t.personId),
    index("roles_grid_role").on(t.gridId, t.role),
    index("roles_unit").on(t.unitId),
    index("roles_org").on(t.organisationId),
  ],
);
export type Role = typeof roles.$inferSelect;

// ── Agenda catalog (网格议事清单): what may be deliberated at all (准入门槛)

export const topicLevels = ["grid", "community"] as const;
export type TopicLevel = (typeof topicLevels)[number];

export const voteRules = ["simpleMajority", "twoThirds", "ownersMajority", "ownersSupermajority"] as const;
export type VoteRule = (typeof voteRules)[number];

export const agendaCategories = sqliteTable("agenda_categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  communityId: integer("community_id").notNull().references(() => communities.id),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  createdAt: createdAt(),
});
export type AgendaCategory = typeof agendaCategories.$inferSelect;

export const agendaItems = sqliteTable(
  "agenda_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    categoryId: integer("category_id").notNull().references(() => agendaCategories.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    defaultLevel: text("default_level", { enum: topicLevels }).notNull().default("grid"),
    defaultVoteRule: text("default_vote_rule", { enum: voteRules }).notNull().default("simpleMajority"),
    /** Overrides the grid's co-sign threshold for this item when set. */
    cosignThreshold: integer("cosign_threshold"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("agenda_items_category").on(t.categoryId)],
);
export type AgendaItem = typeof agendaItems.$inferSelect;

// ── API access and the record of what happened

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  personId: integer("person_id").notNull().references(() => people.id),
  /** SHA-256 of the bearer token; the token itself is shown once and never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: createdAt(),
});

/** Every use case records what it did: who, when, what, on which subject. */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    actorId: integer("actor_id"),
    kind: text("kind").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: integer("subject_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [index("events_subject").on(t.subjectType, t.subjectId)],
);
export type Event = typeof events.$inferSelect;

// ── Topics (议题): proposal, co-signing, admission, consultation

/** The states of the topic's life, defined once by the pure state machine. */
export const topicStateValues = topicStates;

export const topics = sqliteTable(
  "topics",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").notNull().references(() => grids.id),
    buildingId: integer("building_id").references(() => buildings.id),
    agendaItemId: integer("agenda_item_id").notNull().references(() => agendaItems.id),
    title: text("title").notNull(),
    /** The tiptap document as JSON, validated on the way in. */
    descriptionJson: text("description_json", { mode: "json" }).$type<unknown>().notNull(),
    /** Sanitized HTML rendered from the document on the server; the only form shown to readers. */
    descriptionHtml: text("description_html").notNull(),
    location: text("location").notNull().default(""),
    proposerId: integer("proposer_id").notNull().references(() => people.id),
    state: text("state", { enum: topicStateValues }).notNull(),
    level: text("level", { enum: topicLevels }).notNull().default("grid"),
    cosignThreshold: integer("cosign_threshold").notNull(),
    /** Kept up to date on write, so lists never count rows. */
    cosignCount: integer("cosign_count").notNull().default(0),
    opinionCount: integer("opinion_count").notNull().default(0),
    cosignDeadline: integer("cosign_deadline", { mode: "timestamp_ms" }).notNull(),
    expiryWarnedAt: integer("expiry_warned_at", { mode: "timestamp_ms" }),
    mergedIntoId: integer("merged_into_id"),
    rejectReason: text("reject_reason"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index("topics_grid_state").on(t.gridId, t.state, t.updatedAt),
    index("topics_community_state").on(t.communityId, t.state, t.updatedAt),
    index("topics_proposer").on(t.proposerId),
    index("topics_item").on(t.agendaItemId),
    index("topics_deadline").on(t.state, t.cosignDeadline),
  ],
);
export type Topic = typeof topics.$inferSelect;

export const topicPhotos = sqliteTable(
  "topic_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    /** File name under the data folder's uploads/; random, never from the uploader. */
    storedName: text("stored_name").notNull().unique(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("topic_photos_topic").on(t.topicId)],
);

export const cosigns = sqliteTable(
  "cosigns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    personId: integer("person_id").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("cosigns_topic_person").on(t.topicId, t.personId)],
);

/** The timeline of a topic: every state transition and the other steps worth showing. */
export const topicEvents = sqliteTable(
  "topic_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    actorId: integer("actor_id"),
    /** A state-machine transition name, or another step: proposed, cosigned, invited, meetingScheduled … */
    kind: text("kind").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    note: text("note"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    at: integer("at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("topic_events_topic").on(t.topicId, t.at)],
);
export type TopicEvent = typeof topicEvents.$inferSelect;

export const opinionStances = ["support", "oppose", "suggestion"] as const;

export const opinions = sqliteTable(
  "opinions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    authorId: integer("author_id").notNull().references(() => people.id),
    /** A reply points at the opinion it answers; replies carry no stance. */
    parentId: integer("parent_id"),
    stance: text("stance", { enum: opinionStances }),
    body: text("body").notNull(),
    /** Set when property-firm staff or an owners' committee member answer for their organisation. */
    officialOrganisationId: integer("official_organisation_id").references(() => organisations.id),
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    hiddenBy: integer("hidden_by"),
    hiddenReason: text("hidden_reason"),
    createdAt: createdAt(),
  },
  (t) => [index("opinions_topic").on(t.topicId, t.createdAt)],
);
export type Opinion = typeof opinions.$inferSelect;

/** People invited into a topic for their view or expertise (e.g. think-tank members). */
export const topicInvitations = sqliteTable(
  "topic_invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    personId: integer("person_id").notNull().references(() => people.id),
    invitedBy: integer("invited_by").notNull().references(() => people.id),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("topic_invitations_topic_person").on(t.topicId, t.personId)],
);

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
  (t) => [uniqueIndex("meeting_attendance_meeting_person").on(t.meetingId, t.personId)],
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

// ── Notifications (站内消息)

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id").notNull().references(() => people.id),
    /** i18n key under notifications.kinds, e.g. thresholdReached, admitted, invited, minutesPublished. */
    kind: text("kind").notNull(),
    topicId: integer("topic_id").references(() => topics.id),
    meetingId: integer("meeting_id").references(() => meetings.id),
    data: text("data", { mode: "json" }).$type<Record<string, string | number>>(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_person_unread").on(t.personId, t.readAt, t.createdAt)],
);
export type Notification = typeof notifications.$inferSelect;
