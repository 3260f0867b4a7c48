import type { Locale } from "../config";
import zhCommon from "./zh-CN/common.json";
import zhDashboard from "./zh-CN/dashboard.json";
import zhErrors from "./zh-CN/errors.json";
import zhAuth from "./zh-CN/auth.json";
import zhHome from "./zh-CN/home.json";
import zhAdmin from "./zh-CN/admin.json";
import zhStaff from "./zh-CN/staff.json";
import zhEditor from "./zh-CN/editor.json";
import zhTopics from "./zh-CN/topics.json";
import zhOpinions from "./zh-CN/opinions.json";
import zhMeetings from "./zh-CN/meetings.json";
import zhInbox from "./zh-CN/inbox.json";
import zhPlans from "./zh-CN/plans.json";
import zhNotices from "./zh-CN/notices.json";
import zhBallots from "./zh-CN/ballots.json";
import zhRatings from "./zh-CN/ratings.json";
import zhTasks from "./zh-CN/tasks.json";
import zhImports from "./zh-CN/imports.json";
import zhSetup from "./zh-CN/setup.json";
import zhRoom from "./zh-CN/room.json";
import enCommon from "./en/common.json";
import enDashboard from "./en/dashboard.json";
import enErrors from "./en/errors.json";
import enAuth from "./en/auth.json";
import enHome from "./en/home.json";
import enAdmin from "./en/admin.json";
import enStaff from "./en/staff.json";
import enEditor from "./en/editor.json";
import enTopics from "./en/topics.json";
import enOpinions from "./en/opinions.json";
import enMeetings from "./en/meetings.json";
import enInbox from "./en/inbox.json";
import enPlans from "./en/plans.json";
import enNotices from "./en/notices.json";
import enBallots from "./en/ballots.json";
import enRatings from "./en/ratings.json";
import enTasks from "./en/tasks.json";
import enImports from "./en/imports.json";
import enSetup from "./en/setup.json";
import enRoom from "./en/room.json";
import zhTodo from "./zh-CN/todo.json";
import zhReminders from "./zh-CN/reminders.json";
import zhRecords from "./zh-CN/records.json";
import zhAccess from "./zh-CN/access.json";
import zhOffline from "./zh-CN/offline.json";
import enTodo from "./en/todo.json";
import enReminders from "./en/reminders.json";
import enRecords from "./en/records.json";
import enAccess from "./en/access.json";
import enOffline from "./en/offline.json";

/** One JSON file per namespace and locale; each feature area owns its own files. */
export const messages = {
  "zh-CN": { dashboard: zhDashboard, common: zhCommon, errors: zhErrors, auth: zhAuth, home: zhHome, admin: zhAdmin, staff: zhStaff, editor: zhEditor, topics: zhTopics, opinions: zhOpinions, meetings: zhMeetings, inbox: zhInbox, plans: zhPlans, notices: zhNotices, ballots: zhBallots, ratings: zhRatings, tasks: zhTasks, imports: zhImports, setup: zhSetup, room: zhRoom, todo: zhTodo, reminders: zhReminders, records: zhRecords, access: zhAccess, offline: zhOffline },
  en: { dashboard: enDashboard, common: enCommon, errors: enErrors, auth: enAuth, home: enHome, admin: enAdmin, staff: enStaff, editor: enEditor, topics: enTopics, opinions: enOpinions, meetings: enMeetings, inbox: enInbox, plans: enPlans, notices: enNotices, ballots: enBallots, ratings: enRatings, tasks: enTasks, imports: enImports, setup: enSetup, room: enRoom, todo: enTodo, reminders: enReminders, records: enRecords, access: enAccess, offline: enOffline },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof messages)["zh-CN"];
