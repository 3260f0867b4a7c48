/**
 * The tables the app queries: SQLite's, or with DATABASE_URL set PostgreSQL's twins (db/schema-pg),
 * chosen once when the process loads. The types are always SQLite's: the parity tests
 * (tests/unit/schema-parity.test.ts, tests/pg/schema-parity.test.ts) prove each twin has the same
 * row types, columns and indexes, so one query source runs on both engines. Everything that is not a
 * table (enums, row types) comes from the SQLite files, which the PostgreSQL files share.
 *
 * Generated from the schema files by listing their tables; a table added to db/schema must be added
 * here too (tests/unit/schema-switch.test.ts fails until it is).
 */
import * as pg from "../schema-pg";
import * as sqlite from "./sqlite";

export * from "./sqlite";

// Trimmed as lib/config.ts reads it: a blank value means the SQLite file everywhere.
const chosen = (process.env.DATABASE_URL?.trim() ? pg : sqlite) as unknown as typeof sqlite;

export const activationCodes = chosen.activationCodes as typeof sqlite.activationCodes;
export const agendaCategories = chosen.agendaCategories as typeof sqlite.agendaCategories;
export const agendaItems = chosen.agendaItems as typeof sqlite.agendaItems;
export const apiTokens = chosen.apiTokens as typeof sqlite.apiTokens;
export const auditLog = chosen.auditLog as typeof sqlite.auditLog;
export const ballotElectorMembers = chosen.ballotElectorMembers as typeof sqlite.ballotElectorMembers;
export const ballotElectors = chosen.ballotElectors as typeof sqlite.ballotElectors;
export const ballotOptions = chosen.ballotOptions as typeof sqlite.ballotOptions;
export const ballotProxies = chosen.ballotProxies as typeof sqlite.ballotProxies;
export const ballots = chosen.ballots as typeof sqlite.ballots;
export const buildings = chosen.buildings as typeof sqlite.buildings;
export const communities = chosen.communities as typeof sqlite.communities;
export const cosigns = chosen.cosigns as typeof sqlite.cosigns;
export const developerRepresentatives = chosen.developerRepresentatives as typeof sqlite.developerRepresentatives;
export const events = chosen.events as typeof sqlite.events;
export const grids = chosen.grids as typeof sqlite.grids;
export const importConflicts = chosen.importConflicts as typeof sqlite.importConflicts;
export const imports = chosen.imports as typeof sqlite.imports;
export const jobLeases = chosen.jobLeases as typeof sqlite.jobLeases;
export const meetingAgendaItems = chosen.meetingAgendaItems as typeof sqlite.meetingAgendaItems;
export const meetingAttendance = chosen.meetingAttendance as typeof sqlite.meetingAttendance;
export const meetingDisplayCodes = chosen.meetingDisplayCodes as typeof sqlite.meetingDisplayCodes;
export const meetingFollowUps = chosen.meetingFollowUps as typeof sqlite.meetingFollowUps;
export const meetingInvitees = chosen.meetingInvitees as typeof sqlite.meetingInvitees;
export const meetingRooms = chosen.meetingRooms as typeof sqlite.meetingRooms;
export const meetingSpeakers = chosen.meetingSpeakers as typeof sqlite.meetingSpeakers;
export const meetings = chosen.meetings as typeof sqlite.meetings;
export const notices = chosen.notices as typeof sqlite.notices;
export const notifications = chosen.notifications as typeof sqlite.notifications;
export const opinions = chosen.opinions as typeof sqlite.opinions;
export const organisations = chosen.organisations as typeof sqlite.organisations;
export const outboxMessages = chosen.outboxMessages as typeof sqlite.outboxMessages;
export const people = chosen.people as typeof sqlite.people;
export const planComments = chosen.planComments as typeof sqlite.planComments;
export const planRevisions = chosen.planRevisions as typeof sqlite.planRevisions;
export const plans = chosen.plans as typeof sqlite.plans;
export const ratingPhotos = chosen.ratingPhotos as typeof sqlite.ratingPhotos;
export const reminderMutes = chosen.reminderMutes as typeof sqlite.reminderMutes;
export const resolutions = chosen.resolutions as typeof sqlite.resolutions;
export const roles = chosen.roles as typeof sqlite.roles;
export const satisfactionVotes = chosen.satisfactionVotes as typeof sqlite.satisfactionVotes;
export const seedRuns = chosen.seedRuns as typeof sqlite.seedRuns;
export const sessions = chosen.sessions as typeof sqlite.sessions;
export const setupCodes = chosen.setupCodes as typeof sqlite.setupCodes;
export const signInFailures = chosen.signInFailures as typeof sqlite.signInFailures;
export const supervisionRatings = chosen.supervisionRatings as typeof sqlite.supervisionRatings;
export const supervisorExcusals = chosen.supervisorExcusals as typeof sqlite.supervisorExcusals;
export const taskPhotos = chosen.taskPhotos as typeof sqlite.taskPhotos;
export const taskUpdates = chosen.taskUpdates as typeof sqlite.taskUpdates;
export const tasks = chosen.tasks as typeof sqlite.tasks;
export const topicEvents = chosen.topicEvents as typeof sqlite.topicEvents;
export const topicInvitations = chosen.topicInvitations as typeof sqlite.topicInvitations;
export const topicPhotos = chosen.topicPhotos as typeof sqlite.topicPhotos;
export const topicSupervisors = chosen.topicSupervisors as typeof sqlite.topicSupervisors;
export const topics = chosen.topics as typeof sqlite.topics;
export const units = chosen.units as typeof sqlite.units;
export const votes = chosen.votes as typeof sqlite.votes;
