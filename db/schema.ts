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
  /**
   * Participation floor (参与人数下限) of residents' and attendees' simple-majority and two-thirds
   * ballots, as "at least this percent of the electorate voted"; null = more than half. A catalog
   * item's own floor wins over it.
   */
  minTurnoutPercent: integer("min_turnout_percent"),
  /** The close rule (办结条件) of supervision ratings; null = the default of lib/domain/close-rule.ts. */
  closeRule: text("close_rule", { mode: "json" }).$type<{ minDimensionMean: number; minSatisfiedShare: number; minResidentAnswers: number; requireAllSupervisors: boolean }>(),
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
    /** Overrides the community's participation floor (percent of the electorate) for this item when set. */
    minTurnoutPercent: integer("min_turnout_percent"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("agenda_items_category").on(t.categoryId)],
);
export type AgendaItem = typeof agendaItems.$inferSelect;

// ── API access and the record of what happened

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id").notNull().references(() => people.id),
    /** SHA-256 of the bearer token; the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  // A password change revokes a person's tokens.
  (t) => [index("api_tokens_person").on(t.personId)],
);

/**
 * Web sign-in sessions. The session cookie (a next-auth JWT) carries a random id; a session lives
 * only while its row does, so signing out or changing the password ends it on the server, and a
 * copied cookie dies with it. Only the id's SHA-256 is stored, as for API tokens.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    personId: integer("person_id").notNull().references(() => people.id),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_person").on(t.personId)],
);

/**
 * Failed sign-ins, counted per mobile number and per client address, so that guessing passwords
 * is slowed down and an account is locked for a while after repeated failures. Kept in the
 * database (not in memory) so a restart does not reset a lock-out.
 */
export const signInFailures = sqliteTable("sign_in_failures", {
  /** "phone:<number>" or "ip:<address>". */
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  /** Start of the current counting window. */
  windowStartedAt: integer("window_started_at", { mode: "timestamp_ms" }).notNull(),
  lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
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
    /** Rectification rounds (整改) so far; ratings and tasks belong to a round. */
    rectificationRound: integer("rectification_round").notNull().default(0),
    /** A follow-up check date after closure (回访), e.g. three months on. */
    reviewOn: text("review_on"),
    reviewRemindedAt: integer("review_reminded_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    /** Staff may let residents submit alternative plans (备选方案). */
    alternativesAllowed: integer("alternatives_allowed", { mode: "boolean" }).notNull().default(false),
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
  (t) => [uniqueIndex("cosigns_topic_person").on(t.topicId, t.personId), index("cosigns_person").on(t.personId, t.topicId)],
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

// ── Plans (方案) and their revisions

export const budgetSources = ["none", "propertyFirm", "maintenanceFund", "publicRevenue", "government", "residents"] as const;
export type BudgetSource = (typeof budgetSources)[number];

export const plans = sqliteTable(
  "plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    title: text("title").notNull(),
    /** "official" when drafted by staff, the property firm or the owners' committee; "alternative" when a resident submits one. */
    kind: text("kind", { enum: ["official", "alternative"] }).notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    /** The organisation the author drafted it for, if any. */
    organisationId: integer("organisation_id").references(() => organisations.id),
    /** Number of the latest revision (revisions are numbered 1, 2, 3 …). */
    currentRevision: integer("current_revision").notNull().default(1),
    /** Set when the topic goes to a vote on this plan: a frozen plan takes no more revisions. */
    frozenAt: integer("frozen_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index("plans_topic").on(t.topicId)],
);
export type Plan = typeof plans.$inferSelect;

export type Milestone = { title: string; dueOn: string };

/** Every save of a plan is a revision; none is ever overwritten. */
export const planRevisions = sqliteTable(
  "plan_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    number: integer("number").notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    bodyJson: text("body_json", { mode: "json" }).$type<unknown>().notNull(),
    bodyHtml: text("body_html").notNull(),
    /** Who carries it out: an organisation, a person, or a name written out. */
    responsibleOrganisationId: integer("responsible_organisation_id").references(() => organisations.id),
    responsiblePersonId: integer("responsible_person_id").references(() => people.id),
    responsibleText: text("responsible_text").notNull().default(""),
    /** Budget in fen (1/100 yuan), exact. */
    budgetFen: integer("budget_fen").notNull().default(0),
    budgetSource: text("budget_source", { enum: budgetSources }).notNull().default("none"),
    /** Date only, YYYY-MM-DD (Beijing time). */
    deadline: text("deadline"),
    milestones: text("milestones", { mode: "json" }).$type<Milestone[]>().notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("plan_revisions_plan_number").on(t.planId, t.number)],
);
export type PlanRevision = typeof planRevisions.$inferSelect;

export const planComments = sqliteTable(
  "plan_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    /** The revision the comment was written against. */
    revisionNumber: integer("revision_number").notNull(),
    authorId: integer("author_id").notNull().references(() => people.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("plan_comments_plan").on(t.planId, t.createdAt)],
);

// ── Ballots (表决): the vote on one plan or a choice among several

export const ballotKinds = ["single", "choice"] as const;
export const electorateKinds = ["meetingAttendees", "gridResidents", "buildingOwners", "estateOwners"] as const;
export type ElectorateKind = (typeof electorateKinds)[number];
export const voteChoices = ["agree", "disagree", "abstain"] as const;

export const ballots = sqliteTable(
  "ballots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    title: text("title").notNull(),
    /** "single": agree / disagree / abstain on one plan; "choice": choose one of several plans. */
    kind: text("kind", { enum: ballotKinds }).notNull(),
    rule: text("rule", { enum: voteRules }).notNull(),
    electorateKind: text("electorate_kind", { enum: electorateKinds }).notNull(),
    meetingId: integer("meeting_id").references(() => meetings.id),
    buildingId: integer("building_id").references(() => buildings.id),
    /** Meeting ballots: people who must be present for the vote to count (出席法定人数). */
    quorumRequired: integer("quorum_required"),
    /** Secret: nobody, staff included, sees a choice before or after the close; named: choices are listed at the close. */
    secret: integer("secret", { mode: "boolean" }).notNull().default(true),
    opensAt: integer("opens_at", { mode: "timestamp_ms" }).notNull(),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull().default("open"),
    /** Electorate snapshot taken when the ballot opened (for meeting ballots: grows as people check in). */
    electorCount: integer("elector_count").notNull().default(0),
    electorAreaHundredths: integer("elector_area_hundredths").notNull().default(0),
    /** Turnout kept up to date on every vote, so it is shown without counting rows. */
    votedCount: integer("voted_count").notNull().default(0),
    votedAreaHundredths: integer("voted_area_hundredths").notNull().default(0),
    /** The tally at the close: every figure of the rule and why it passed or failed. */
    result: text("result", { mode: "json" }).$type<Record<string, unknown>>(),
    passed: integer("passed", { mode: "boolean" }),
    winningPlanId: integer("winning_plan_id").references(() => plans.id),
    createdBy: integer("created_by").notNull().references(() => people.id),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    /**
     * The participation floor in force, snapshotted at the opening (a later catalog change does not
     * move an open ballot): votes cast / electorate must meet it. Null: no floor (owners' rules, whose
     * art. 278 participation figures are their floor; ballots opened before floors existed).
     */
    turnoutFloor: text("turnout_floor", { mode: "json" }).$type<{ num: number; den: number; strict: boolean }>(),
    /** Closed before closesAt (which is never rewritten): on which ground, and when. */
    earlyCloseGround: text("early_close_ground", { enum: ["allVoted", "settled", "meetingChair"] }),
    earlyClosedAt: integer("early_closed_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("ballots_topic").on(t.topicId), index("ballots_status_closes").on(t.status, t.closesAt), index("ballots_meeting").on(t.meetingId)],
);
export type Ballot = typeof ballots.$inferSelect;

export const ballotOptions = sqliteTable(
  "ballot_options",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    planId: integer("plan_id").notNull().references(() => plans.id),
    /** The frozen revision that is being voted on. */
    revisionNumber: integer("revision_number").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("ballot_options_ballot_plan").on(t.ballotId, t.planId)],
);

/**
 * The electorate: one row per counted voter. For the owners' rules an elector is a counted owner
 * (an owner of several units once, the developer's unsold units together, co-owners together),
 * with the area of all their units; for the other rules an elector is one person.
 */
export const ballotElectors = sqliteTable(
  "ballot_electors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    label: text("label").notNull(),
    areaHundredths: integer("area_hundredths").notNull().default(0),
    unitIds: text("unit_ids", { mode: "json" }).$type<number[]>().notNull(),
  },
  (t) => [uniqueIndex("ballot_electors_ballot_key").on(t.ballotId, t.electorKey)],
);

/** Which people may vote for which elector (the owners of a counted owner, or the person themself). */
export const ballotElectorMembers = sqliteTable(
  "ballot_elector_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
  },
  (t) => [uniqueIndex("ballot_elector_members_ballot_person_key").on(t.ballotId, t.personId, t.electorKey), index("ballot_elector_members_person").on(t.personId)],
);

/** An owner's written authorization for someone else to vote for them (委托投票), with its scan. */
export const ballotProxies = sqliteTable(
  "ballot_proxies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    proxyPersonId: integer("proxy_person_id").notNull().references(() => people.id),
    scanStoredName: text("scan_stored_name").notNull(),
    scanMime: text("scan_mime").notNull(),
    recordedBy: integer("recorded_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ballot_proxies_ballot_elector").on(t.ballotId, t.electorKey)],
);

/** One elector's current vote; changing it updates this row (and the audit log keeps every step). */
export const votes = sqliteTable(
  "votes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    electorKey: text("elector_key").notNull(),
    /** For "single" ballots. */
    choice: text("choice", { enum: voteChoices }),
    /** For "choice" ballots: the chosen ballot option. */
    optionId: integer("option_id").references(() => ballotOptions.id),
    channel: text("channel", { enum: ["online", "paper"] }).notNull(),
    /** Who cast it: the owner, their proxy, or (paper) the voter whose paper staff entered. */
    castBy: integer("cast_by").notNull().references(() => people.id),
    /** Paper ballots: the staff member who entered it and the named witness (监票人). */
    recordedBy: integer("recorded_by").references(() => people.id),
    witness: text("witness"),
    viaProxyId: integer("via_proxy_id").references(() => ballotProxies.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex("votes_ballot_elector").on(t.ballotId, t.electorKey)],
);
export type Vote = typeof votes.$inferSelect;

/**
 * Append-only, hash-chained record of every ballot, vote, change, paper entry and tally: each
 * entry holds the hash of the previous one, so `npm run audit:verify` can name any row changed
 * or deleted behind the app's back.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorId: integer("actor_id"),
    kind: text("kind").notNull(),
    ballotId: integer("ballot_id"),
    /** Canonical JSON of what happened (for votes: elector key, choice or option, channel). */
    payload: text("payload").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_log_ballot").on(t.ballotId, t.id)],
);

// ── Resolutions (决议) and the public notice board (公示栏)

export const resolutions = sqliteTable(
  "resolutions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    ballotId: integer("ballot_id").notNull().references(() => ballots.id),
    planId: integer("plan_id").notNull().references(() => plans.id),
    /** Human number, e.g. "HX决〔2026〕3号". */
    number: text("number").notNull().unique(),
    title: text("title").notNull(),
    /** Generated from the plan and the result when the ballot closes. */
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("resolutions_topic").on(t.topicId), index("resolutions_ballot").on(t.ballotId)],
);
export type Resolution = typeof resolutions.$inferSelect;

export const notices = sqliteTable(
  "notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    /** What is published: a resolution now; closures of topics later. */
    kind: text("kind", { enum: ["resolution", "closure"] }).notNull(),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    resolutionId: integer("resolution_id").references(() => resolutions.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
    /** End of the publication period (default 7 days). */
    until: integer("until", { mode: "timestamp_ms" }).notNull(),
    createdBy: integer("created_by").references(() => people.id),
  },
  (t) => [
    index("notices_grid_until").on(t.gridId, t.until),
    index("notices_community_until").on(t.communityId, t.until),
    // The topic page's resolutions, and the board of every community (current first, then the archive count).
    index("notices_topic").on(t.topicId),
    index("notices_resolution").on(t.resolutionId),
    index("notices_published").on(t.publishedAt),
    index("notices_until_published").on(t.until, t.publishedAt),
  ],
);
export type Notice = typeof notices.$inferSelect;

// ── Getting it done (问题解决): tasks dispatched from a resolution (派单 / 接单 / 揭榜)

export const taskStatuses = ["open", "assigned", "taken", "declined", "inProgress", "completed"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    resolutionId: integer("resolution_id").references(() => resolutions.id),
    communityId: integer("community_id").notNull().references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** Assignee: an organisation or a person; both null for a task open on the task board (揭榜挂帅). */
    assigneeOrganisationId: integer("assignee_organisation_id").references(() => organisations.id),
    assigneePersonId: integer("assignee_person_id").references(() => people.id),
    /** Whether volunteers, party members or community partners may claim it from the board. */
    openToClaim: integer("open_to_claim", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: taskStatuses }).notNull().default("assigned"),
    /** Date only, YYYY-MM-DD (Beijing time). */
    dueOn: text("due_on").notNull(),
    percent: integer("percent").notNull().default(0),
    takenBy: integer("taken_by").references(() => people.id),
    takenAt: integer("taken_at", { mode: "timestamp_ms" }),
    declineReason: text("decline_reason"),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    /** Rectification round the task belongs to (0 = first implementation). */
    round: integer("round").notNull().default(0),
    overdueNotifiedAt: integer("overdue_notified_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").notNull().references(() => people.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index("tasks_topic").on(t.topicId),
    index("tasks_status_due").on(t.status, t.dueOn),
    index("tasks_assignee_person").on(t.assigneePersonId),
    index("tasks_assignee_org").on(t.assigneeOrganisationId),
    // "My tasks" also lists what one took from the board; the board is per community.
    index("tasks_taken_by").on(t.takenBy),
    index("tasks_community_status").on(t.communityId, t.status),
  ],
);
export type Task = typeof tasks.$inferSelect;

/** Progress reports on a task, with text, photos and percentage; the last one may report completion with evidence. */
export const taskUpdates = sqliteTable(
  "task_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskId: integer("task_id").notNull().references(() => tasks.id),
    authorId: integer("author_id").notNull().references(() => people.id),
    body: text("body").notNull(),
    percent: integer("percent").notNull(),
    completes: integer("completes", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("task_updates_task").on(t.taskId, t.createdAt)],
);

export const taskPhotos = sqliteTable(
  "task_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    taskUpdateId: integer("task_update_id").notNull().references(() => taskUpdates.id),
    storedName: text("stored_name").notNull().unique(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("task_photos_update").on(t.taskUpdateId)],
);

// ── Supervision rating (监督评价)

/** Civilian supervisors (民间督导员) assigned to a topic's review. */
export const topicSupervisors = sqliteTable(
  "topic_supervisors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    personId: integer("person_id").notNull().references(() => people.id),
    assignedBy: integer("assigned_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("topic_supervisors_topic_person").on(t.topicId, t.personId)],
);

/**
 * Staff record that an assigned supervisor cannot rate a review round (ill, moved away): the
 * round may then be concluded without them. The reason is shown to staff and supervisors.
 */
export const supervisorExcusals = sqliteTable(
  "supervisor_excusals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    round: integer("round").notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
    reason: text("reason").notNull(),
    recordedBy: integer("recorded_by").notNull().references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("supervisor_excusals_topic_round_person").on(t.topicId, t.round, t.personId)],
);

/** One supervisor's rating of one review round: five dimensions, 1–5 each. */
export const supervisionRatings = sqliteTable(
  "supervision_ratings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    round: integer("round").notNull(),
    supervisorId: integer("supervisor_id").notNull().references(() => people.id),
    process: integer("process").notNull(),
    timeliness: integer("timeliness").notNull(),
    quality: integer("quality").notNull(),
    transparency: integer("transparency").notNull(),
    satisfaction: integer("satisfaction").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("supervision_ratings_topic_round_supervisor").on(t.topicId, t.round, t.supervisorId)],
);

export const ratingPhotos = sqliteTable("rating_photos", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  ratingId: integer("rating_id").notNull().references(() => supervisionRatings.id),
  storedName: text("stored_name").notNull().unique(),
  mime: text("mime").notNull(),
  bytes: integer("bytes").notNull(),
});

export const satisfactionAnswers = ["satisfied", "basicallySatisfied", "notSatisfied"] as const;

/** Residents' satisfaction (满意度), once each per review round. */
export const satisfactionVotes = sqliteTable(
  "satisfaction_votes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topicId: integer("topic_id").notNull().references(() => topics.id),
    round: integer("round").notNull(),
    personId: integer("person_id").notNull().references(() => people.id),
    answer: text("answer", { enum: satisfactionAnswers }).notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("satisfaction_votes_topic_round_person").on(t.topicId, t.round, t.personId)],
);
