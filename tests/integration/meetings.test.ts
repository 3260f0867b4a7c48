import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import {
  agendaCategories,
  agendaItems,
  events,
  grids,
  meetingAgendaItems,
  meetingAttendance,
  meetingFollowUps,
  meetingInvitees,
  meetings,
  notifications,
  organisations,
  people,
  roles,
  topicEvents,
  topics,
  type RoleKind,
} from "@/db/schema";
import { describeError } from "@/lib/describe-error";
import { cancelMeeting } from "@/lib/meetings/cancel-meeting";
import { checkIn } from "@/lib/meetings/check-in";
import { closeCheckIn } from "@/lib/meetings/close-check-in";
import { getMeeting } from "@/lib/meetings/get-meeting";
import { listMeetings } from "@/lib/meetings/list-meetings";
import { meetingsForTopic } from "@/lib/meetings/meetings-for-topic";
import { nextCouncilDate } from "@/lib/meetings/next-council-date";
import { openCheckIn } from "@/lib/meetings/open-check-in";
import { publishMinutes } from "@/lib/meetings/publish-minutes";
import { recordAttendance } from "@/lib/meetings/record-attendance";
import { respondToInvitation } from "@/lib/meetings/respond-to-invitation";
import { saveMinutes } from "@/lib/meetings/save-minutes";
import { scheduleMeeting } from "@/lib/meetings/schedule-meeting";
import { scheduleOptions } from "@/lib/meetings/schedule-options";
import { searchPeople } from "@/lib/meetings/search-people";
import { setCouncilDay } from "@/lib/meetings/set-council-day";
import { parseShanghaiLocal, toShanghaiLocal } from "@/lib/time";
import { updateMeeting } from "@/lib/meetings/update-meeting";
import { meetingFormObject, minutesFromForm, scheduleMeetingInput } from "@/lib/validation/meetings";
import { ctxAs, ctxSignedOut, tempDb } from "../helpers/db";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { makeCommunity, makePerson, makeTopic, type ReachableState } from "../helpers/factory";
import { first } from "@/db/query";

let db: DB;
let cleanup: () => void;
let w: Awaited<ReturnType<typeof world>>;

const MIN = 60_000;
/** 2030-03-15 19:00 in Shanghai. */
const STARTS = new Date(Date.UTC(2030, 2, 15, 11, 0));
const DURING = new Date(STARTS.getTime() + 10 * MIN);

async function world(db: DB) {
  const place = await makeCommunity(db);
  const other = await makeCommunity(db);
  const ctx = (personId: number) => ctxAs(personId, db);
  const org = async (kind: "ownersCommittee" | "thinkTank", name: string, code: string, communityId = place.community.id) =>
    await first(db.insert(organisations).values({ communityId, kind, name, code }).returning());
  const committee = await org("ownersCommittee", "业主委员会", "YWH1");
  const tank = await org("thinkTank", "专家咨询团", "ZJ1");
  const otherTank = await org("thinkTank", "外社区智囊团", "ZJ9", other.community.id);
  let n = 0;
  /** A verified person holding an organisation role (the factory scopes only property-firm staff). */
  const orgMember = async (role: RoleKind, organisationId: number) => {
    const p = await first(db
      .insert(people)
      .values({ phone: `1370000${String(++n).padStart(4, "0")}`, passwordHash: "x", name: `成员${n}`, displayNumber: `ORG-${n}`, status: "verified" })
      .returning());
    await db.insert(roles).values({ personId: p.id, role, communityId: place.community.id, organisationId });
    return p;
  };

  const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "停车管理" }).returning());
  const otherCategory = await first(db.insert(agendaCategories).values({ communityId: other.community.id, name: "公共事务" }).returning());
  const otherItem = await first(db.insert(agendaItems).values({ categoryId: otherCategory.id, name: "停车管理" }).returning());

  const chiefA = await makePerson(db, place, "gridChief", { grid: "A" });
  const workerA = await makePerson(db, place, "gridWorker", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const admin = await makePerson(db, place, "communityAdmin");
  const ownerA1 = await makePerson(db, place, "owner", { grid: "A" });
  const ownerA2 = await makePerson(db, place, "owner", { grid: "A" });
  const pendingOwnerA = await makePerson(db, place, "owner", { grid: "A", status: "pending" });
  const residentA = await makePerson(db, place, "resident", { grid: "A" });
  const ownerB = await makePerson(db, place, "owner", { grid: "B" });
  const firmStaff = await makePerson(db, place, "propertyFirmStaff");
  const committeeMember = await orgMember("ownersCommitteeMember", committee.id);
  const tankMember1 = await orgMember("thinkTankMember", tank.id);
  const tankMember2 = await orgMember("thinkTankMember", tank.id);
  const outsider = await makePerson(db, other, "resident", { grid: "A" });
  const otherAdmin = await makePerson(db, other, "communityAdmin");

  type TopicOpts = { grid?: "A" | "B"; level?: "grid" | "community"; community?: "place" | "other"; title?: string };
  /** A topic brought to its stage through the use cases: proposed by residentA (in grid B by a new resident there, in the other community by the outsider), co-signed by new neighbours, admitted by the grid chief (the admin at community level). */
  const topic = async (opts: TopicOpts & { state?: ReachableState } = {}) => {
    const other_ = opts.community === "other";
    return await makeTopic(db, other_ ? other : place, {
      grid: opts.grid,
      state: opts.state,
      level: opts.level,
      title: opts.title ?? "楼道电动车停放",
      item: other_ ? otherItem : item,
      proposer: other_ ? outsider : opts.grid === "B" ? undefined : residentA,
    });
  };
  /** A row written by hand, for the tests that count every notification, timeline entry and event, or need a stage past the vote. */
  const topicByHand = async (opts: TopicOpts & { state?: (typeof topics.$inferInsert)["state"] } = {}) => {
    const c = opts.community === "other" ? other : place;
    const grid = opts.grid === "B" ? c.gridB : c.gridA;
    return await first(db
      .insert(topics)
      .values({
        communityId: c.community.id,
        gridId: grid.id,
        agendaItemId: opts.community === "other" ? otherItem.id : item.id,
        title: opts.title ?? "楼道电动车停放",
        descriptionJson: { type: "doc", content: [] },
        descriptionHtml: "",
        proposerId: opts.community === "other" ? outsider.id : residentA.id,
        state: opts.state ?? "consulting",
        level: opts.level ?? "grid",
        cosignThreshold: 5,
        cosignDeadline: new Date(Date.UTC(2030, 0, 1)),
      })
      .returning());
  };

  return {
    place,
    other,
    ctx,
    committee,
    tank,
    otherTank,
    topic,
    topicByHand,
    p: { chiefA, workerA, chiefB, admin, ownerA1, ownerA2, pendingOwnerA, residentA, ownerB, firmStaff, committeeMember, tankMember1, tankMember2, outsider, otherAdmin },
    as: {
      chiefA: await ctx(chiefA.id),
      workerA: await ctx(workerA.id),
      chiefB: await ctx(chiefB.id),
      admin: await ctx(admin.id),
      ownerA1: await ctx(ownerA1.id),
      ownerA2: await ctx(ownerA2.id),
      residentA: await ctx(residentA.id),
      ownerB: await ctx(ownerB.id),
      firmStaff: await ctx(firmStaff.id),
      pendingOwnerA: await ctx(pendingOwnerA.id),
      outsider: await ctx(outsider.id),
      otherAdmin: await ctx(otherAdmin.id),
      nobody: ctxSignedOut(db),
    },
  };
}

beforeEach(async () => {
  ({ db, cleanup } = tempDb());
  w = await world(db);
});
afterEach(() => cleanup());

/** Row counts of every table a meeting use case writes, to prove a refusal wrote nothing. */
async function snapshot() {
  const n = async (t: Parameters<ReturnType<DB["select"]>["from"]>[0]) => (await first(db.select({ n: count() }).from(t)))!.n;
  return {
    meetings: await n(meetings),
    agenda: await n(meetingAgendaItems),
    invitees: await n(meetingInvitees),
    attendance: await n(meetingAttendance),
    followUps: await n(meetingFollowUps),
    topicEvents: await n(topicEvents),
    notifications: await n(notifications),
    events: await n(events),
  };
}

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** A grid-A meeting on one topic, inviting the owners of grid A, scheduled by the grid chief. */
async function scheduleBasic(extra: Record<string, unknown> = {}) {
  // By hand: a test below reads every notification, and co-signing and admission would add theirs.
  const t = await w.topicByHand();
  const m = await scheduleMeeting(w.as.chiefA, {
    gridId: w.place.gridA.id,
    title: "三月网格议事会",
    startsAt: "2030-03-15T19:00",
    place: "红心议事厅",
    topicIds: [t.id],
    roleGroups: ["owners"],
    ...extra,
  });
  return { topic: t, meetingId: m.meetingId };
}

describe("scheduling", () => {
  test("a grid chief schedules a meeting with an agenda and invitees by person, role and think tank", async () => {
    const t1 = await w.topic({ title: "楼道电动车停放" });
    const t2 = await w.topic({ title: "加装电梯", state: "drafting" });
    const result = await scheduleMeeting(w.as.chiefA, {
      gridId: String(w.place.gridA.id),
      title: "三月网格议事会",
      startsAt: "2030-03-15T19:00",
      durationMinutes: "120",
      place: "红心议事厅",
      topicIds: [String(t1.id), String(t2.id)],
      personIds: [String(w.p.ownerB.id)],
      roleGroups: ["owners", "propertyFirm", "ownersCommittee"],
      thinkTankIds: [String(w.tank.id)],
    });

    const meeting = (await first(db.select().from(meetings).where(eq(meetings.id, result.meetingId))))!;
    expect(meeting).toMatchObject({
      communityId: w.place.community.id,
      gridId: w.place.gridA.id,
      title: "三月网格议事会",
      durationMinutes: 120,
      place: "红心议事厅",
      onlineUrl: "",
      status: "scheduled",
      createdBy: w.p.chiefA.id,
    });
    // The datetime-local value is Shanghai time: 19:00 there is 11:00 UTC.
    expect(meeting.startsAt.toISOString()).toBe("2030-03-15T11:00:00.000Z");

    const agenda = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meeting.id)).orderBy(meetingAgendaItems.position);
    expect(agenda.map((a) => [a.topicId, a.position])).toEqual([
      [t1.id, 1],
      [t2.id, 2],
    ]);

    const invited = await db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id));
    const as = Object.fromEntries(invited.map((i) => [i.personId, i.invitedAs]));
    // Owners of grid A only (not grid B's, not the unverified one); the named person keeps "person".
    expect(as).toEqual({
      [w.p.ownerB.id]: "person",
      [w.p.ownerA1.id]: "owners",
      [w.p.ownerA2.id]: "owners",
      [w.p.firmStaff.id]: "propertyFirm",
      [w.p.committeeMember.id]: "ownersCommittee",
      [w.p.tankMember1.id]: `thinkTank:${w.tank.id}`,
      [w.p.tankMember2.id]: `thinkTank:${w.tank.id}`,
    });
    expect(invited.every((i) => i.response === "pending")).toBe(true);
    expect(result).toEqual({ meetingId: meeting.id, invited: 7, topicIds: [t1.id, t2.id] });

    const notes = await db.select().from(notifications).where(eq(notifications.kind, "meetingScheduled"));
    expect(notes.map((n) => n.personId).sort()).toEqual(invited.map((i) => i.personId).sort());
    expect(notes[0]).toMatchObject({ meetingId: meeting.id, data: { title: "三月网格议事会", startsAt: STARTS.getTime() } });

    const timeline = await db.select().from(topicEvents).where(eq(topicEvents.kind, "meetingScheduled"));
    expect(timeline.map((e) => [e.topicId, e.data, e.actorId])).toEqual([
      [t1.id, { meetingId: meeting.id, startsAt: STARTS.getTime() }, w.p.chiefA.id],
      [t2.id, { meetingId: meeting.id, startsAt: STARTS.getTime() }, w.p.chiefA.id],
    ]);
    expect((await first(db.select().from(events).where(and(eq(events.kind, "meeting.scheduled"), eq(events.subjectId, meeting.id)))))?.actorId).toBe(w.p.chiefA.id);
  });

  test("grid staff role group means the grid's chief and workers; the acting chief is not notified of their own meeting", async () => {
    const { meetingId } = await scheduleBasic({ roleGroups: ["gridStaff", "residents"] });
    const invited = await db.select({ personId: meetingInvitees.personId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    expect(invited.map((i) => i.personId).sort()).toEqual([w.p.chiefA.id, w.p.workerA.id, w.p.residentA.id].sort());
    const notified = (await db.select({ personId: notifications.personId }).from(notifications)).map((n) => n.personId);
    expect(notified.sort()).toEqual([w.p.workerA.id, w.p.residentA.id].sort());
  });

  test("only staff of that grid may schedule: another grid's chief, residents, other communities and nobody are refused, and nothing is written", async () => {
    const t = await w.topic();
    const before = await snapshot();
    const input = { gridId: w.place.gridA.id, title: "议事会", startsAt: "2030-03-15T19:00", place: "议事厅", topicIds: [t.id], roleGroups: ["owners"] };
    await expectRefused(() => scheduleMeeting(w.as.chiefB, input), 403, "forbidden");
    await expectRefused(() => scheduleMeeting(w.as.ownerA1, input), 403, "forbidden");
    await expectRefused(() => scheduleMeeting(w.as.firmStaff, input), 403, "forbidden");
    await expectRefused(() => scheduleMeeting(w.as.otherAdmin, input), 403, "forbidden");
    await expectRefused(() => scheduleMeeting(w.as.pendingOwnerA, input), 403, "notVerified");
    await expectRefused(() => scheduleMeeting(w.as.chiefA, { ...input, gridId: 999_999 }), 404, "gridNotFound");
    expect(await snapshot()).toEqual(before);
    // The grid's worker and the community admin may.
    expect((await scheduleMeeting(w.as.workerA, input)).meetingId).toBeGreaterThan(0);
    expect((await scheduleMeeting(w.as.admin, input)).meetingId).toBeGreaterThan(0);
  });

  test("a topic that is not admitted (or no longer deliberated) is refused, and nothing is written", async () => {
    const before = await snapshot();
    // By hand: the topics are made after the snapshot, which must see no timeline entry or event, and two stages are past the vote.
    for (const state of ["proposed", "awaitingAdmission", "voting", "closed", "rejected"] as const) {
      const t = await w.topicByHand({ state, title: `议题${state}` });
      const err = await expectRefused(
        () => scheduleMeeting(w.as.chiefA, { gridId: w.place.gridA.id, title: "议事会", startsAt: "2030-03-15T19:00", place: "议事厅", topicIds: [t.id] }),
        422,
        "meetingTopicNotAdmitted",
      );
      expect(err.fieldErrors).toEqual({ topicIds: "meetingTopicNotAdmitted" });
      expect(err.params).toEqual({ title: `议题${state}` });
    }
    const admitted = await w.topicByHand();
    const notAdmitted = await w.topicByHand({ state: "awaitingAdmission" });
    await expectRefused(
      () => scheduleMeeting(w.as.chiefA, { gridId: w.place.gridA.id, title: "议事会", startsAt: "2030-03-15T19:00", place: "议事厅", topicIds: [admitted.id, notAdmitted.id] }),
      422,
      "meetingTopicNotAdmitted",
    );
    const { meetings: m, agenda, topicEvents: te, events: ev } = await snapshot();
    expect({ m, agenda, te, ev }).toEqual({ m: before.meetings, agenda: before.agenda, te: before.topicEvents, ev: before.events });
  });

  test("the agenda takes topics of the meeting's own grid; community-level topics go to a community meeting held by an admin", async () => {
    const base = { title: "议事会", startsAt: "2030-03-15T19:00", place: "议事厅" };
    const ofB = await w.topic({ grid: "B" });
    const communityLevel = await w.topic({ level: "community" });
    const foreign = await w.topic({ community: "other" });
    await expectRefused(() => scheduleMeeting(w.as.chiefA, { ...base, gridId: w.place.gridA.id, topicIds: [ofB.id] }), 422, "meetingTopicOutsideGrid");
    await expectRefused(() => scheduleMeeting(w.as.chiefA, { ...base, gridId: w.place.gridA.id, topicIds: [communityLevel.id] }), 422, "meetingTopicOutsideGrid");
    await expectRefused(() => scheduleMeeting(w.as.chiefA, { ...base, gridId: w.place.gridA.id, topicIds: [foreign.id] }), 422, "meetingTopicNotFound");
    // Without a grid it is a community-level meeting: grid staff are asked for their grid, admins may.
    await expectRefused(() => scheduleMeeting(w.as.chiefA, { ...base, topicIds: [communityLevel.id] }), 422, "meetingGridRequired");
    await expectRefused(() => scheduleMeeting(w.as.chiefA, { ...base, communityId: w.place.community.id, topicIds: [communityLevel.id] }), 403, "forbidden");
    const m = await scheduleMeeting(w.as.admin, { ...base, topicIds: [communityLevel.id, ofB.id], roleGroups: ["owners"] });
    const row = (await first(db.select().from(meetings).where(eq(meetings.id, m.meetingId))))!;
    expect(row).toMatchObject({ communityId: w.place.community.id, gridId: null });
    // Owners of the whole community.
    expect(m.invited).toBe(3);
  });

  test("a named invitee or think tank outside the community is refused", async () => {
    await expectRefused(() => scheduleBasic({ personIds: [w.p.outsider.id] }), 422, "meetingInviteeNotMember");
    await expectRefused(() => scheduleBasic({ personIds: [w.p.pendingOwnerA.id] }), 422, "meetingInviteeNotMember");
    await expectRefused(() => scheduleBasic({ thinkTankIds: [w.otherTank.id] }), 422, "meetingThinkTankNotFound");
    await expectRefused(() => scheduleBasic({ thinkTankIds: [w.committee.id] }), 422, "meetingThinkTankNotFound");
    await expectInvalid(() => scheduleBasic({ roleGroups: ["everyone"] }), "roleGroups.0", "meetingRoleGroupInvalid");
  });

  test("the online link must be http(s); a place or a link is required; the title, time and agenda are checked", async () => {
    await expectInvalid(() => scheduleBasic({ onlineUrl: "javascript:alert(1)" }), "onlineUrl", "meetingLinkInvalid");
    await expectInvalid(() => scheduleBasic({ onlineUrl: "ftp://files.example.com/x" }), "onlineUrl", "meetingLinkInvalid");
    await expectInvalid(() => scheduleBasic({ onlineUrl: "meeting.tencent.com/dm/abc" }), "onlineUrl", "meetingLinkInvalid");
    await expectInvalid(() => scheduleBasic({ place: "", onlineUrl: "" }), "place", "meetingPlaceRequired");
    await expectInvalid(() => scheduleBasic({ title: " " }), "title", "meetingTitleRequired");
    await expectInvalid(() => scheduleBasic({ startsAt: "2030-02-30T19:00" }), "startsAt", "meetingStartsAtInvalid");
    await expectInvalid(() => scheduleBasic({ startsAt: "明天晚上" }), "startsAt", "meetingStartsAtInvalid");
    await expectInvalid(() => scheduleBasic({ durationMinutes: "5" }), "durationMinutes", "meetingDurationInvalid");
    await expectInvalid(() => scheduleMeeting(w.as.chiefA, { gridId: w.place.gridA.id, title: "议事会", startsAt: "2030-03-15T19:00", place: "x", topicIds: [] }), "topicIds", "meetingAgendaRequired");

    const online = await scheduleBasic({ place: "", onlineUrl: "https://meeting.tencent.com/dm/abc" });
    expect(await first(db.select().from(meetings).where(eq(meetings.id, online.meetingId)))).toMatchObject({ place: "", onlineUrl: "https://meeting.tencent.com/dm/abc", durationMinutes: 90 });
    // An ISO time with its zone (API) is taken as given.
    const iso = scheduleMeetingInput.parse({ gridId: 1, title: "议事会", startsAt: "2030-03-15T11:00:00Z", place: "x", topicIds: [1] });
    expect(iso.startsAt.getTime()).toBe(STARTS.getTime());
  });

  test("changing the time or place tells those invited; a new invitee gets the invitation; a title change alone tells nobody", async () => {
    const { meetingId } = await scheduleBasic();
    const base = { meetingId, title: "三月网格议事会", startsAt: "2030-03-15T19:00", durationMinutes: 90, place: "红心议事厅" };
    const changedKind = async () => await db.select().from(notifications).where(eq(notifications.kind, "meetingChanged"));

    expect(await updateMeeting(w.as.chiefA, { ...base, title: "三月议事会" })).toEqual({ meetingId, changed: ["title"], newlyInvited: 0 });
    expect(await changedKind()).toHaveLength(0);

    const r = await updateMeeting(w.as.workerA, { ...base, title: "三月议事会", startsAt: "2030-03-16T19:30", place: "社区二楼会议室", personIds: [w.p.residentA.id] });
    expect(r).toEqual({ meetingId, changed: ["startsAt", "place"], newlyInvited: 1 });
    expect((await changedKind()).map((n) => n.personId).sort()).toEqual([w.p.ownerA1.id, w.p.ownerA2.id].sort());
    expect((await changedKind())[0]!.data).toEqual({ title: "三月议事会", startsAt: Date.UTC(2030, 2, 16, 11, 30) });
    expect(await db.select().from(notifications).where(and(eq(notifications.kind, "meetingScheduled"), eq(notifications.personId, w.p.residentA.id)))).toHaveLength(1);
    expect(await first(db.select().from(meetings).where(eq(meetings.id, meetingId)))).toMatchObject({ place: "社区二楼会议室", title: "三月议事会" });

    await expectRefused(() => updateMeeting(w.as.chiefB, { ...base }), 403, "forbidden");
    await expectRefused(() => updateMeeting(w.as.outsider, { ...base }), 404, "meetingNotFound");
  });

  test("a cancelled meeting tells its invitees and can no longer change", async () => {
    const { meetingId } = await scheduleBasic();
    await cancelMeeting(w.as.chiefA, { meetingId });
    expect((await first(db.select().from(meetings).where(eq(meetings.id, meetingId))))?.status).toBe("cancelled");
    expect((await db.select().from(notifications).where(eq(notifications.kind, "meetingChanged"))).map((n) => n.data?.cancelled)).toEqual([1, 1]);
    await expectRefused(() => respondToInvitation(w.as.ownerA1, { meetingId, response: "attending" }), 409, "meetingClosed");
    await expectRefused(() => openCheckIn(w.as.chiefA, { meetingId }), 409, "meetingClosed");
  });
});

describe("council day (网格议事日)", () => {
  const at = (iso: string) => new Date(iso);
  const next = (day: number, now: string) => nextCouncilDate(day, at(now)).toISOString();

  test("on the council day itself: today until 19:00 Shanghai, next month from 19:00 on", () => {
    // 2025-03-15 18:00 in Shanghai.
    expect(next(15, "2025-03-15T10:00:00Z")).toBe("2025-03-15T11:00:00.000Z");
    // 18:59 still today; 19:00 itself is already under way: next month.
    expect(next(15, "2025-03-15T10:59:00Z")).toBe("2025-03-15T11:00:00.000Z");
    expect(next(15, "2025-03-15T11:00:00Z")).toBe("2025-04-15T11:00:00.000Z");
    expect(next(15, "2025-03-15T12:30:00Z")).toBe("2025-04-15T11:00:00.000Z");
  });

  test("the day is the Shanghai day, not the UTC day", () => {
    // 01:00 on the 15th in Shanghai is still the 14th in UTC.
    expect(next(15, "2025-03-14T17:00:00Z")).toBe("2025-03-15T11:00:00.000Z");
    // 00:30 on the 16th in Shanghai is the 15th in UTC, after the meeting.
    expect(next(15, "2025-03-15T16:30:00Z")).toBe("2025-04-15T11:00:00.000Z");
  });

  test("before and after the day in the month; the year turns over in December", () => {
    expect(next(20, "2025-03-01T02:00:00Z")).toBe("2025-03-20T11:00:00.000Z");
    expect(next(5, "2025-03-20T02:00:00Z")).toBe("2025-04-05T11:00:00.000Z");
    expect(next(5, "2025-12-20T02:00:00Z")).toBe("2026-01-05T11:00:00.000Z");
    // 20:00 on 31 December in Shanghai.
    expect(next(28, "2025-12-31T12:00:00Z")).toBe("2026-01-28T11:00:00.000Z");
  });

  test("month end: day 28 exists in every February; a legacy day 31 falls on the month's last day", () => {
    expect(next(28, "2026-02-01T02:00:00Z")).toBe("2026-02-28T11:00:00.000Z");
    expect(next(28, "2026-02-28T12:00:00Z")).toBe("2026-03-28T11:00:00.000Z");
    // 31 January 11:00 in Shanghai → 28 February.
    expect(next(28, "2025-01-31T03:00:00Z")).toBe("2025-02-28T11:00:00.000Z");
    expect(next(31, "2025-02-10T02:00:00Z")).toBe("2025-02-28T11:00:00.000Z");
    expect(next(31, "2024-02-10T02:00:00Z")).toBe("2024-02-29T11:00:00.000Z");
    expect(next(31, "2025-04-30T12:00:00Z")).toBe("2025-05-31T11:00:00.000Z");
    expect(() => nextCouncilDate(0, new Date())).toThrow(RangeError);
  });

  test("datetime-local values are Shanghai wall-clock time", () => {
    expect(toShanghaiLocal(new Date("2025-03-15T11:00:00Z"))).toBe("2025-03-15T19:00");
    expect(toShanghaiLocal(new Date("2025-12-31T16:30:00Z"))).toBe("2026-01-01T00:30");
    expect(parseShanghaiLocal("2026-01-01T00:30")?.toISOString()).toBe("2025-12-31T16:30:00.000Z");
    expect(parseShanghaiLocal("2025-02-29T19:00")).toBeNull();
    expect(parseShanghaiLocal("2025-03-15 19:00")).toBeNull();
  });

  test("the schedule form proposes the next council day at 19:00 and the grid's usual place", async () => {
    await db.update(grids).set({ councilDay: 15 }).where(eq(grids.id, w.place.gridA.id));
    const t = await w.topic();
    await scheduleMeeting(w.as.chiefA, { gridId: w.place.gridA.id, title: "二月议事会", startsAt: "2025-02-15T19:00", place: "红心议事厅", topicIds: [t.id] });
    // 2025-03-15 20:00 Shanghai: this month's meeting is under way, so next month's.
    const options = await scheduleOptions(w.as.chiefA, at("2025-03-15T12:00:00Z"));
    expect(options.places.map((p) => p.key)).toEqual([`grid:${w.place.gridA.id}`]);
    expect(options.places[0]).toMatchObject({ councilDay: 15, suggestedStart: "2025-04-15T19:00", usualPlace: "红心议事厅" });
    expect(options.places[0]!.topics.map((x) => x.id)).toEqual([t.id]);
    expect(options.thinkTanks[w.place.community.id]).toEqual([{ id: w.tank.id, name: "专家咨询团" }]);
    // The admin also gets the community-level place; residents get nothing.
    expect((await scheduleOptions(w.as.admin, at("2025-03-15T12:00:00Z"))).places.map((p) => p.key)).toContain(`community:${w.place.community.id}`);
    await expectRefused(() => scheduleOptions(w.as.ownerA1), 403, "forbidden");
  });

  test("the grid's staff set and clear the council day (1–28); others are refused", async () => {
    const r = await setCouncilDay(w.as.workerA, { gridId: w.place.gridA.id, councilDay: "28" }, at("2026-02-01T02:00:00Z"));
    expect(r).toEqual({ gridId: w.place.gridA.id, councilDay: 28, nextDate: at("2026-02-28T11:00:00Z") });
    expect((await first(db.select().from(grids).where(eq(grids.id, w.place.gridA.id))))?.councilDay).toBe(28);
    await expectInvalid(() => setCouncilDay(w.as.chiefA, { gridId: w.place.gridA.id, councilDay: "29" }), "councilDay", "councilDayRange");
    await expectInvalid(() => setCouncilDay(w.as.chiefA, { gridId: w.place.gridA.id, councilDay: "0" }), "councilDay", "councilDayRange");
    await expectRefused(() => setCouncilDay(w.as.chiefB, { gridId: w.place.gridA.id, councilDay: 10 }), 403, "forbidden");
    await expectRefused(() => setCouncilDay(w.as.ownerA1, { gridId: w.place.gridA.id, councilDay: 10 }), 403, "forbidden");
    expect((await setCouncilDay(w.as.chiefA, { gridId: w.place.gridA.id, councilDay: "" })).councilDay).toBeNull();
    expect((await first(db.select().from(grids).where(eq(grids.id, w.place.gridA.id))))?.councilDay).toBeNull();
    expect(await db.select().from(events).where(eq(events.kind, "grid.councilDaySet"))).toHaveLength(2);
  });
});

describe("invitations and attendance", () => {
  test("invitees answer whether they come and may change their mind; others cannot answer", async () => {
    const { meetingId } = await scheduleBasic();
    expect(await respondToInvitation(w.as.ownerA1, { meetingId, response: "attending" })).toEqual({ meetingId, response: "attending" });
    await respondToInvitation(w.as.ownerA2, { meetingId: String(meetingId), response: "declined" });
    await respondToInvitation(w.as.ownerA1, { meetingId, response: "declined" });
    await respondToInvitation(w.as.ownerA1, { meetingId, response: "attending" });
    const rows = await db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    expect(Object.fromEntries(rows.map((r) => [r.personId, r.response]))).toEqual({ [w.p.ownerA1.id]: "attending", [w.p.ownerA2.id]: "declined" });
    expect(rows.every((r) => r.respondedAt != null)).toBe(true);

    await expectInvalid(() => respondToInvitation(w.as.ownerA1, { meetingId, response: "maybe" }), "response", "responseRequired");
    await expectRefused(() => respondToInvitation(w.as.residentA, { meetingId, response: "attending" }), 403, "notInvited");
    await expectRefused(() => respondToInvitation(w.as.outsider, { meetingId, response: "attending" }), 404, "meetingNotFound");

    const view = await getMeeting(w.as.ownerA1, { meetingId });
    expect(view.myInvitation).toEqual({ response: "attending" });
    expect(view.inviteeCounts).toEqual({ total: 2, attending: 1, declined: 1, pending: 0 });
    // Residents see the counts, not the list.
    expect(view.invitees).toEqual([]);
    expect((await getMeeting(w.as.chiefA, { meetingId })).invitees.map((i) => i.response).sort()).toEqual(["attending", "declined"]);
  });

  test("staff tick off invitees and anyone verified in the community, and can take a tick back", async () => {
    const { meetingId } = await scheduleBasic();
    expect(await recordAttendance(w.as.chiefA, { meetingId, personId: w.p.ownerA1.id }, DURING)).toMatchObject({ present: true, changed: true });
    // Not invited, but a verified resident who walked in.
    await recordAttendance(w.as.workerA, { meetingId, personId: String(w.p.residentA.id), present: "1" }, DURING);
    expect((await recordAttendance(w.as.chiefA, { meetingId, personId: w.p.ownerA1.id }, DURING)).changed).toBe(false);
    const present = async () =>
      (await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId))).map((a) => [a.personId, a.method, a.recordedBy]);
    expect(await present()).toEqual([
      [w.p.ownerA1.id, "staff", w.p.chiefA.id],
      [w.p.residentA.id, "staff", w.p.workerA.id],
    ]);
    expect((await recordAttendance(w.as.chiefA, { meetingId, personId: w.p.residentA.id, present: "0" })).changed).toBe(true);
    expect(await present()).toEqual([[w.p.ownerA1.id, "staff", w.p.chiefA.id]]);

    const before = await snapshot();
    await expectRefused(() => recordAttendance(w.as.chiefA, { meetingId, personId: w.p.pendingOwnerA.id }), 422, "attendeeNotMember");
    await expectRefused(() => recordAttendance(w.as.chiefA, { meetingId, personId: w.p.outsider.id }), 422, "attendeeNotMember");
    await expectRefused(() => recordAttendance(w.as.ownerA1, { meetingId, personId: w.p.ownerA2.id }), 403, "forbidden");
    await expectRefused(() => recordAttendance(w.as.chiefB, { meetingId, personId: w.p.ownerA2.id }), 403, "forbidden");
    expect(await snapshot()).toEqual(before);

    const view = await getMeeting(w.as.chiefA, { meetingId });
    expect(view.invitees.find((i) => i.personId === w.p.ownerA1.id)).toMatchObject({ present: true, roles: ["owner"] });
    expect(view.attendees.map((a) => a.personId)).toEqual([w.p.ownerA1.id]);
  });

  test("staff search verified people of the community by name, number or phone", async () => {
    const name = (await first(db.select({ name: people.name }).from(people).where(eq(people.id, w.p.residentA.id))))!.name;
    const hits = await searchPeople(w.as.chiefA, { q: name });
    expect(hits.map((h) => h.personId)).toEqual([w.p.residentA.id]);
    expect(hits[0]).toEqual({ personId: w.p.residentA.id, name, displayNumber: expect.any(String), roles: ["resident"] });
    expect(await searchPeople(w.as.chiefA, { q: "%" })).toEqual([]);
    expect(await searchPeople(w.as.chiefA, { q: "" })).toEqual([]);
    // The unverified owner is never found, nor anyone of another community.
    const pendingName = (await first(db.select({ name: people.name }).from(people).where(eq(people.id, w.p.pendingOwnerA.id))))!.name;
    expect(await searchPeople(w.as.chiefA, { q: pendingName })).toEqual([]);
    const outsiderName = (await first(db.select({ name: people.name }).from(people).where(eq(people.id, w.p.outsider.id))))!.name;
    expect(await searchPeople(w.as.chiefA, { q: outsiderName })).toEqual([]);
    await expectRefused(() => searchPeople(w.as.ownerA1, { q: name }), 403, "forbidden");
    await expectRefused(() => searchPeople(w.as.chiefA, { q: name, communityId: w.other.community.id }), 403, "forbidden");
  });
});

describe("QR check-in", () => {
  async function opened() {
    const { meetingId, topic } = await scheduleBasic();
    const now = new Date(STARTS.getTime() - 15 * MIN);
    const { code, expiresAt } = await openCheckIn(w.as.chiefA, { meetingId }, now);
    return { meetingId, topic, code, expiresAt, now };
  }

  test("staff open check-in: a random code valid for 30 minutes, shown only to staff", async () => {
    const { meetingId, code, expiresAt, now } = await opened();
    expect(code).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(expiresAt.getTime() - now.getTime()).toBe(30 * MIN);
    expect(await first(db.select().from(meetings).where(eq(meetings.id, meetingId)))).toMatchObject({ checkinCode: code, checkinExpiresAt: expiresAt });
    expect((await getMeeting(w.as.chiefA, { meetingId }, now)).checkIn).toEqual({ code, expiresAt });
    expect((await getMeeting(w.as.ownerA1, { meetingId }, now)).checkIn).toBeNull();
    // The code is a credential while it lasts: it is not written to the event log.
    expect(JSON.stringify(await db.select().from(events))).not.toContain(code);
    // Opening again replaces the code.
    const again = await openCheckIn(w.as.chiefA, { meetingId, validMinutes: "10" }, now);
    expect(again.code).not.toBe(code);
    expect(again.expiresAt.getTime() - now.getTime()).toBe(10 * MIN);
    await expectRefused(() => openCheckIn(w.as.ownerA1, { meetingId }), 403, "forbidden");
    await expectInvalid(() => openCheckIn(w.as.chiefA, { meetingId, validMinutes: 1 }), "validMinutes", "checkInMinutesInvalid");
  });

  test("a verified person of the community checks in with the valid code; twice is a no-op", async () => {
    const { meetingId, code, now } = await opened();
    const first = await checkIn(w.as.residentA, { meetingId, code }, new Date(now.getTime() + 5 * MIN));
    expect(first).toMatchObject({ meetingId, already: false });
    const second = await checkIn(w.as.residentA, { meetingId, code }, new Date(now.getTime() + 6 * MIN));
    expect(second).toMatchObject({ already: true, at: first.at });
    const rows = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
    expect(rows.map((r) => [r.personId, r.method, r.recordedBy])).toEqual([[w.p.residentA.id, "qr", null]]);
    expect(await db.select().from(events).where(eq(events.kind, "meeting.checkedIn"))).toHaveLength(1);
    // A staff tick afterwards keeps the self check-in as it is.
    expect((await recordAttendance(w.as.chiefA, { meetingId, personId: w.p.residentA.id })).changed).toBe(false);
    expect((await getMeeting(w.as.residentA, { meetingId })).myAttendance?.method).toBe("qr");
  });

  test("a wrong code is refused (422), an expired one too (410), and nothing is written", async () => {
    const { meetingId, code, expiresAt } = await opened();
    const before = await snapshot();
    const wrong = await expectRefused(() => checkIn(w.as.ownerA1, { meetingId, code: code.slice(0, -1) + (code.endsWith("A") ? "B" : "A") }), 422, "checkInCodeInvalid");
    expect(describeError(wrong, "zh-CN").status).toBe(422);
    await expectInvalid(() => checkIn(w.as.ownerA1, { meetingId, code: "" }), "code", "checkInCodeInvalid");
    const expired = await expectRefused(() => checkIn(w.as.ownerA1, { meetingId, code }, new Date(expiresAt.getTime() + 1)), 410, "checkInExpired");
    expect((await expectRefused(() => checkIn(w.as.ownerA1, { meetingId, code }, expiresAt), 410)).messageKey).toBe("checkInExpired");
    const described = describeError(expired, "en");
    expect(described.status).toBe(410);
    expect(described.body.message).toMatch(/expired/);
    expect(await snapshot()).toEqual(before);
  });

  test("people of another community, unverified people and nobody are refused", async () => {
    const { meetingId, code } = await opened();
    await expectRefused(() => checkIn(w.as.outsider, { meetingId, code }), 403, "checkInNotMember");
    await expectRefused(() => checkIn(w.as.otherAdmin, { meetingId, code }), 403, "checkInNotMember");
    await expectRefused(() => checkIn(w.as.pendingOwnerA, { meetingId, code }), 403, "notVerified");
    await expectRefused(() => checkIn(w.as.residentA, { meetingId: 999_999, code }), 404, "meetingNotFound");
    expect(await db.select().from(meetingAttendance)).toEqual([]);
  });

  test("after staff close check-in the code no longer works", async () => {
    const { meetingId, code, now } = await opened();
    await closeCheckIn(w.as.workerA, { meetingId });
    expect(await first(db.select().from(meetings).where(eq(meetings.id, meetingId)))).toMatchObject({ checkinCode: null, checkinExpiresAt: null });
    await expectRefused(() => checkIn(w.as.residentA, { meetingId, code }, now), 422, "checkInCodeInvalid");
    expect((await getMeeting(w.as.chiefA, { meetingId }, now)).checkIn).toBeNull();
    await expectRefused(() => closeCheckIn(w.as.residentA, { meetingId }), 403, "forbidden");
  });
});

describe("minutes (会议纪要)", () => {
  /** A held meeting of two topics with the owners invited, two people present and a property-firm representative. */
  async function heldMeeting() {
    const t1 = await w.topic({ title: "楼道电动车停放" });
    const t2 = await w.topic({ title: "加装电梯", state: "drafting" });
    const { meetingId } = await scheduleMeeting(w.as.chiefA, {
      gridId: w.place.gridA.id,
      title: "三月网格议事会",
      startsAt: "2030-03-15T19:00",
      place: "红心议事厅",
      topicIds: [t1.id, t2.id],
      roleGroups: ["owners"],
      personIds: [w.p.firmStaff.id],
    });
    await recordAttendance(w.as.chiefA, { meetingId, personId: w.p.ownerA1.id }, DURING);
    await recordAttendance(w.as.chiefA, { meetingId, personId: w.p.firmStaff.id }, DURING);
    await recordAttendance(w.as.chiefA, { meetingId, personId: w.p.tankMember1.id }, DURING);
    const { code } = await openCheckIn(w.as.chiefA, { meetingId }, DURING);
    await checkIn(w.as.residentA, { meetingId, code }, DURING);
    return { meetingId, t1, t2, code };
  }

  const content = (t1: number, t2: number) => ({
    body: doc("会议由网格长主持，居民代表踊跃发言。"),
    agenda: [
      { topicId: t1, discussion: "多数居民支持在1号楼北侧建车棚。", conclusion: "同意建设电动车车棚，物业负责施工。" },
      { topicId: t2, discussion: "讨论了加装电梯的费用分摊。", conclusion: "" },
    ],
    followUps: [
      { action: "提交车棚建设方案", owner: "物业公司", dueOn: "2030-04-01", topicId: t1 },
      { action: "征求一楼住户意见", owner: "网格员", dueOn: "" },
    ],
  });

  test("staff save the structured minutes as a draft, seen by staff only", async () => {
    const { meetingId, t1, t2 } = await heldMeeting();
    expect((await saveMinutes(w.as.chiefA, { meetingId, ...content(t1.id, t2.id) }, DURING)).meetingId).toBe(meetingId);
    const m = (await first(db.select().from(meetings).where(eq(meetings.id, meetingId))))!;
    expect(m.minutesJson).toEqual(doc("会议由网格长主持，居民代表踊跃发言。"));
    expect(m.minutesHtml).toBe("<p>会议由网格长主持，居民代表踊跃发言。</p>");
    expect(m.minutesPublishedAt).toBeNull();
    const agenda = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(meetingAgendaItems.position);
    expect(agenda.map((a) => [a.topicId, a.discussion, a.conclusion])).toEqual([
      [t1.id, "多数居民支持在1号楼北侧建车棚。", "同意建设电动车车棚，物业负责施工。"],
      [t2.id, "讨论了加装电梯的费用分摊。", ""],
    ]);
    const followUps = await db.select().from(meetingFollowUps).where(eq(meetingFollowUps.meetingId, meetingId)).orderBy(meetingFollowUps.position);
    expect(followUps.map((f) => [f.action, f.owner, f.dueOn, f.topicId, f.position])).toEqual([
      ["提交车棚建设方案", "物业公司", "2030-04-01", t1.id, 0],
      ["征求一楼住户意见", "网格员", null, null, 1],
    ]);
    // Saving again replaces the follow-ups.
    await saveMinutes(w.as.workerA, { meetingId, ...content(t1.id, t2.id), followUps: [{ action: "只剩一项" }] });
    expect((await db.select().from(meetingFollowUps).where(eq(meetingFollowUps.meetingId, meetingId))).map((f) => f.action)).toEqual(["只剩一项"]);

    // The draft is the staff's: residents see neither the text nor the agenda notes yet.
    const residentView = await getMeeting(w.as.ownerA1, { meetingId });
    expect(residentView.minutes).toBeNull();
    expect(residentView.agenda.map((a) => a.conclusion)).toEqual(["", ""]);
    expect(residentView.attendees).toEqual([]);
    expect((await getMeeting(w.as.chiefA, { meetingId })).minutes?.json).toEqual(doc("会议由网格长主持，居民代表踊跃发言。"));

    await expectRefused(() => saveMinutes(w.as.ownerA1, { meetingId, ...content(t1.id, t2.id) }), 403, "forbidden");
    await expectRefused(() => saveMinutes(w.as.chiefB, { meetingId, ...content(t1.id, t2.id) }), 403, "forbidden");
    const stray = await w.topic({ title: "别的议题" });
    const err = await expectRefused(() => saveMinutes(w.as.chiefA, { meetingId, ...content(t1.id, stray.id) }), 422, "agendaTopicNotOnAgenda");
    expect(err.fieldErrors).toEqual({ "agenda.1.topicId": "agendaTopicNotOnAgenda" });
    await expectInvalid(() => saveMinutes(w.as.chiefA, { meetingId, ...content(t1.id, t2.id), followUps: [{ action: " ", owner: "物业" }] }), "followUps.0.action", "followUpActionRequired");
    await expectInvalid(() => saveMinutes(w.as.chiefA, { meetingId, ...content(t1.id, t2.id), followUps: [{ action: "x", dueOn: "2030-02-30" }] }), "followUps.0.dueOn", "followUpDueInvalid");
    // Only the editor's own nodes are accepted.
    await expect(saveMinutes(w.as.chiefA, { meetingId, body: { type: "doc", content: [{ type: "image", attrs: { src: "x" } }] } })).rejects.toThrow(ZodError);
  });

  test("publishing marks the meeting held, notifies invitees and attendees, and puts the conclusion on every agenda topic's timeline", async () => {
    const { meetingId, t1, t2 } = await heldMeeting();
    const publishedAt = new Date(STARTS.getTime() + 2 * 3_600_000);
    const r = await publishMinutes(w.as.chiefA, { meetingId, minutes: content(t1.id, t2.id) }, publishedAt);
    // Invitees: the two owners and the firm's staff; present besides: the think-tank member and the resident.
    expect(r).toEqual({ meetingId, publishedAt, notified: 5 });

    const m = (await first(db.select().from(meetings).where(eq(meetings.id, meetingId))))!;
    expect(m).toMatchObject({ status: "held", minutesPublishedAt: publishedAt, checkinCode: null, checkinExpiresAt: null });
    const notified = await db.select().from(notifications).where(eq(notifications.kind, "minutesPublished"));
    expect(notified.map((n) => n.personId).sort()).toEqual([w.p.ownerA1.id, w.p.ownerA2.id, w.p.firmStaff.id, w.p.tankMember1.id, w.p.residentA.id].sort());
    expect(notified.every((n) => n.meetingId === meetingId)).toBe(true);
    const timeline = await db.select().from(topicEvents).where(eq(topicEvents.kind, "minutesPublished"));
    expect(timeline.map((e) => [e.topicId, e.note, e.data])).toEqual([
      [t1.id, "同意建设电动车车棚，物业负责施工。", { meetingId }],
      [t2.id, null, { meetingId }],
    ]);

    // Published minutes are for everyone in the community, with their structure.
    const view = await getMeeting(w.as.ownerA2, { meetingId });
    expect(view.minutes).toMatchObject({ json: null, html: "<p>会议由网格长主持，居民代表踊跃发言。</p>", publishedAt });
    expect(view.minutes?.followUps.map((f) => f.action)).toEqual(["提交车棚建设方案", "征求一楼住户意见"]);
    expect(view.agenda.map((a) => a.conclusion)).toEqual(["同意建设电动车车棚，物业负责施工。", ""]);
    expect(view.attendees.map((a) => [a.personId, a.roles, a.method])).toEqual([
      [w.p.ownerA1.id, ["owner"], "staff"],
      [w.p.firmStaff.id, ["propertyFirmStaff"], "staff"],
      [w.p.tankMember1.id, ["thinkTankMember"], "staff"],
      [w.p.residentA.id, ["resident"], "qr"],
    ]);
    expect(view.organisationsPresent.map((o) => [o.id, o.kind])).toEqual([
      [w.place.propertyFirm.id, "propertyFirm"],
      [w.tank.id, "thinkTank"],
    ]);
    expect(view.attendees.find((a) => a.personId === w.p.firmStaff.id)?.organisations).toEqual(["测试物业"]);

    // On the topic: the meeting and this topic's conclusion.
    const onTopic = await meetingsForTopic(w.as.ownerA2, { topicId: t1.id });
    expect(onTopic.meetings).toEqual([expect.objectContaining({ meetingId, status: "held", conclusion: "同意建设电动车车棚，物业负责施工。", place: "红心议事厅", online: false })]);
    expect(onTopic.maySchedule).toBe(false);
    expect((await meetingsForTopic(w.as.chiefA, { topicId: t1.id })).maySchedule).toBe(true);
  });

  test("published minutes are read-only, and so is the attendance they record", async () => {
    const { meetingId, t1, t2, code } = await heldMeeting();
    const publishedAt = new Date(STARTS.getTime() + 2 * 3_600_000);
    await publishMinutes(w.as.chiefA, { meetingId, minutes: content(t1.id, t2.id) }, publishedAt);
    const before = await snapshot();
    await expectRefused(() => saveMinutes(w.as.chiefA, { meetingId, ...content(t1.id, t2.id) }), 409, "minutesAlreadyPublished");
    await expectRefused(() => publishMinutes(w.as.chiefA, { meetingId }, publishedAt), 409, "minutesAlreadyPublished");
    await expectRefused(() => recordAttendance(w.as.chiefA, { meetingId, personId: w.p.ownerA2.id }), 409, "minutesAlreadyPublished");
    await expectRefused(() => recordAttendance(w.as.chiefA, { meetingId, personId: w.p.ownerA1.id, present: false }), 409, "minutesAlreadyPublished");
    await expectRefused(() => checkIn(w.as.ownerA2, { meetingId, code }, DURING), 409, "minutesAlreadyPublished");
    await expectRefused(() => openCheckIn(w.as.chiefA, { meetingId }), 409, "minutesAlreadyPublished");
    await expectRefused(() => updateMeeting(w.as.chiefA, { meetingId, title: "改名", startsAt: "2030-03-15T19:00", place: "x" }), 409, "minutesAlreadyPublished");
    await expectRefused(() => respondToInvitation(w.as.ownerA2, { meetingId, response: "attending" }), 409, "minutesAlreadyPublished");
    expect(await snapshot()).toEqual(before);
  });

  test("minutes are published from the saved draft, not before the meeting starts, and not empty", async () => {
    const { meetingId, t1, t2 } = await heldMeeting();
    await expectRefused(() => publishMinutes(w.as.chiefA, { meetingId }, DURING), 422, "minutesEmpty");
    await saveMinutes(w.as.chiefA, { meetingId, ...content(t1.id, t2.id) });
    await expectRefused(() => publishMinutes(w.as.chiefA, { meetingId }, new Date(STARTS.getTime() - MIN)), 409, "minutesBeforeMeeting");
    await expectRefused(() => publishMinutes(w.as.residentA, { meetingId }, DURING), 403, "forbidden");
    expect((await first(db.select().from(meetings).where(eq(meetings.id, meetingId))))?.minutesPublishedAt).toBeNull();
    await publishMinutes(w.as.workerA, { meetingId }, DURING);
    expect(await first(db.select().from(meetings).where(eq(meetings.id, meetingId)))).toMatchObject({ status: "held", minutesPublishedAt: DURING });
    expect((await first(db.select().from(topicEvents).where(and(eq(topicEvents.kind, "minutesPublished"), eq(topicEvents.topicId, t1.id)))))?.note).toBe("同意建设电动车车棚，物业负责施工。");
  });

  test("the minutes form's fields become the structured content", () => {
    const form = new FormData();
    form.set("body", JSON.stringify(doc("正文")));
    form.set("discussion.7", "讨论");
    form.set("conclusion.7", "结论");
    form.set("conclusion.9", "");
    for (const [action, owner, dueOn, topicId] of [
      ["提交方案", "物业", "2030-04-01", "7"],
      ["", "", "", ""],
      ["回访", "", "", ""],
    ]) {
      form.append("followUp.action", action!);
      form.append("followUp.owner", owner!);
      form.append("followUp.dueOn", dueOn!);
      form.append("followUp.topicId", topicId!);
    }
    expect(minutesFromForm(form)).toEqual({
      body: JSON.stringify(doc("正文")),
      agenda: [
        { topicId: "7", discussion: "讨论", conclusion: "结论" },
        { topicId: "9", discussion: "", conclusion: "" },
      ],
      followUps: [
        { action: "提交方案", owner: "物业", dueOn: "2030-04-01", topicId: "7" },
        { action: "回访", owner: "", dueOn: "", topicId: "" },
      ],
    });
    const schedule = new FormData();
    schedule.append("topicIds", "3");
    schedule.append("topicIds", "4");
    schedule.append("roleGroups", "owners");
    schedule.set("title", "议事会");
    expect(meetingFormObject(schedule)).toEqual({ topicIds: ["3", "4"], roleGroups: ["owners"], title: "议事会" });
  });
});

describe("lists", () => {
  test("members of the community see upcoming and past meetings; other communities see none", async () => {
    const { meetingId: upcoming } = await scheduleBasic();
    const t = await w.topic();
    const { meetingId: past } = await scheduleMeeting(w.as.chiefA, { gridId: w.place.gridA.id, title: "二月议事会", startsAt: "2030-02-15T19:00", place: "议事厅", topicIds: [t.id] });
    const now = new Date(Date.UTC(2030, 2, 1));
    const list = await listMeetings(w.as.ownerA1, {}, now);
    expect(list.upcoming.map((m) => m.id)).toEqual([upcoming]);
    expect(list.past.map((m) => m.id)).toEqual([past]);
    expect(list.upcoming[0]).toMatchObject({ title: "三月网格议事会", gridName: "第一网格", topicCount: 1, myResponse: "pending", online: false, minutesPublished: false });
    expect(list.past[0]!.myResponse).toBeNull();
    expect(list.maySchedule).toBe(false);
    expect((await listMeetings(w.as.chiefB, {}, now)).maySchedule).toBe(true);
    expect((await listMeetings(w.as.ownerB, { when: "upcoming" }, now)).upcoming.map((m) => m.id)).toEqual([upcoming]);
    expect(await listMeetings(w.as.outsider, {}, now)).toEqual({ upcoming: [], past: [], maySchedule: false });
    await expectRefused(() => getMeeting(w.as.outsider, { meetingId: upcoming }), 404, "meetingNotFound");
  });
});
