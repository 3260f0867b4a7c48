import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import { ballots, events, meetingAgendaItems, meetingAttendance, meetingRooms, meetings, meetingSpeakers, resolutions, topics, votes } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { enterPaperBallot } from "@/lib/ballots/enter-paper-ballot";
import { checkIn } from "@/lib/meetings/check-in";
import { getMeeting } from "@/lib/meetings/get-meeting";
import { openCheckIn } from "@/lib/meetings/open-check-in";
import { recordAttendance } from "@/lib/meetings/record-attendance";
import { changeRoom, onMeetingChange, roomVersion, watchedMeetingIds, watchMeeting } from "@/lib/meetings/room/changes";
import { closeLiveVote } from "@/lib/meetings/room/close-live-vote";
import { endMeeting } from "@/lib/meetings/room/end-meeting";
import { endTurn } from "@/lib/meetings/room/end-turn";
import { grantFloor } from "@/lib/meetings/room/grant-floor";
import { getLiveState, getProjectorState } from "@/lib/meetings/room/live-state";
import { moveAgenda } from "@/lib/meetings/room/move-agenda";
import { openLiveVote } from "@/lib/meetings/room/open-live-vote";
import { recordConclusion } from "@/lib/meetings/room/record-conclusion";
import { requestToSpeak } from "@/lib/meetings/room/request-to-speak";
import { setSpeakingTime } from "@/lib/meetings/room/set-speaking-time";
import { skipSpeaker } from "@/lib/meetings/room/skip-speaker";
import { setMeetingQuorum } from "@/lib/meetings/room/set-quorum";
import { startMeeting } from "@/lib/meetings/room/start-meeting";
import { withdrawRequest } from "@/lib/meetings/room/withdraw-request";
import { scheduleMeeting } from "@/lib/meetings/schedule-meeting";
import { updateMeeting } from "@/lib/meetings/update-meeting";
import { openBallot } from "@/lib/ballots/open-ballot";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { ctxAs, tempDb } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { first } from "@/db/query";
import { AppError } from "@/lib/errors";

let db: DB;
let file: string;
let cleanup: () => void;
beforeEach(() => ({ db, file, cleanup } = tempDb()));
afterEach(() => cleanup());

async function world() {
  const place = await makeCommunity(db);
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const alice = await makePerson(db, place, "resident", { grid: "A" });
  const bob = await makePerson(db, place, "resident", { grid: "A" });
  const carol = await makePerson(db, place, "resident", { grid: "A" });
  const elsewhere = await makeCommunity(db);
  const stranger = await makePerson(db, elsewhere, "resident", { grid: "A" });
  const voted = await makeTopic(db, place, { state: "drafting", plan: true, staff: chief, title: "楼道电动车停放整治" });
  const second = await makeTopic(db, place, { state: "consulting", staff: chief, title: "小区绿化补种" });
  const { meetingId } = await scheduleMeeting(await ctxAs(chief, db), {
    gridId: place.gridA.id,
    title: "十二月网格议事会",
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    place: "红心议事厅",
    topicIds: [voted.id, second.id],
    roleGroups: ["residents"],
  });
  const items = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(meetingAgendaItems.position);
  const as = (p: { id: number }) => ctxAs(p, db);
  const present = async (p: { id: number }) => recordAttendance(await as(chief), { meetingId, personId: p.id, present: true });
  return { place, chief, chiefB, alice, bob, carol, stranger, voted, second, meetingId, items, as, present };
}

const version = async (meetingId: number) => (await first(db.select({ v: meetingRooms.version }).from(meetingRooms).where(eq(meetingRooms.meetingId, meetingId))))?.v ?? 0;
const speakers = async (meetingId: number) => await db.select().from(meetingSpeakers).where(eq(meetingSpeakers.meetingId, meetingId)).orderBy(meetingSpeakers.id);
/** Everything a room change can write: a refusal must leave all of it as it was. */
const written = async () =>
  JSON.stringify({
    rooms: await db.select().from(meetingRooms),
    speakers: await db.select().from(meetingSpeakers),
    agenda: await db.select().from(meetingAgendaItems),
    events: await first(db.select({ n: count() }).from(events)),
    votes: await db.select().from(votes),
    ballots: await db.select().from(ballots),
    meetings: await db.select().from(meetings),
    topics: await db.select({ id: topics.id, state: topics.state }).from(topics),
  });

describe("starting, moving, concluding", () => {
  test("the chief starts the meeting on its first topic and moves through the agenda; every change is one version and one event", async () => {
    const w = await world();
    expect((await getLiveState(await w.as(w.chief), w.meetingId)).phase).toBe("waiting");
    const v0 = await version(w.meetingId);
    const started = await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    expect(started.currentAgendaItemId).toBe(w.items[0]!.id);
    expect(await version(w.meetingId)).toBe(v0 + 1);
    const s = await getLiveState(await w.as(w.chief), w.meetingId);
    expect(s.phase).toBe("running");
    expect(s.viewer.role).toBe("chair");
    expect(s.current?.title).toBe("楼道电动车停放整治");
    expect(s.current?.plan?.title).toBe("整治方案");
    expect(s.agenda.map((a) => a.current)).toEqual([true, false]);

    await moveAgenda(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[1]!.id });
    expect(await version(w.meetingId)).toBe(v0 + 2);
    expect((await getLiveState(await w.as(w.chief), w.meetingId)).current?.title).toBe("小区绿化补种");
    const kinds = (await db.select({ kind: events.kind }).from(events)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["meeting.started", "meeting.agendaMoved"]));

    // Starting twice, or moving to another meeting's item, is refused with nothing written.
    const before = await written();
    await expectRefused(async () => startMeeting(await w.as(w.chief), { meetingId: w.meetingId }), 409, "roomNotWaiting");
    await expectRefused(async () => moveAgenda(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: 999_999 }), 422, "roomAgendaItemInvalid");
    expect(await written()).toBe(before);
  });

  test("a resident may not start, move the agenda, grant the floor, set the time or end the meeting; a stranger does not even find it; nothing is written", async () => {
    const w = await world();
    await w.present(w.alice);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const { speakerId } = await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId });
    const before = await written();
    await expectRefused(async () => startMeeting(await w.as(w.alice), { meetingId: w.meetingId }), 403);
    await expectRefused(async () => moveAgenda(await w.as(w.alice), { meetingId: w.meetingId, agendaItemId: w.items[1]!.id }), 403);
    await expectRefused(async () => grantFloor(await w.as(w.alice), { meetingId: w.meetingId, speakerId }), 403);
    await expectRefused(async () => skipSpeaker(await w.as(w.bob), { meetingId: w.meetingId, speakerId }), 403);
    await expectRefused(async () => setSpeakingTime(await w.as(w.alice), { meetingId: w.meetingId, speakingSeconds: 60 }), 403);
    await expectRefused(async () => recordConclusion(await w.as(w.alice), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, conclusion: "我说了算" }), 403);
    await expectRefused(async () => endMeeting(await w.as(w.alice), { meetingId: w.meetingId }), 403);
    // Staff of another grid of the same community do not chair this grid's meeting.
    await expectRefused(async () => grantFloor(await w.as(w.chiefB), { meetingId: w.meetingId, speakerId }), 403);
    await expectRefused(async () => moveAgenda(await w.as(w.stranger), { meetingId: w.meetingId, agendaItemId: w.items[1]!.id }), 404);
    await expectRefused(async () => getLiveState(await w.as(w.stranger), w.meetingId), 404);
    expect(await written()).toBe(before);
  });

  test("the conclusion typed during the meeting is in the minutes draft; the chair may still write it once the meeting has ended", async () => {
    const w = await world();
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    await recordConclusion(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, conclusion: "同意建设充电棚，提交表决" });
    await endMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    await recordConclusion(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[1]!.id, conclusion: "下次会议再议" });
    const draft = await getMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    expect(draft.agenda.map((a) => a.conclusion)).toEqual(["同意建设充电棚，提交表决", "下次会议再议"]);
    expect((await getLiveState(await w.as(w.chief), w.meetingId)).agenda[0]!.conclusion).toBe("同意建设充电棚，提交表决");
    await expectInvalid(async () => recordConclusion(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, conclusion: "长".repeat(2001) }), "conclusion", "conclusionTooLong");
  });

  test("staff may name a designated chair, who then runs the queue; other residents still may not", async () => {
    const w = await world();
    await w.present(w.bob);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId, chairPersonId: w.carol.id });
    expect((await getLiveState(await w.as(w.carol), w.meetingId)).viewer.role).toBe("chair");
    const { speakerId } = await requestToSpeak(await w.as(w.bob), { meetingId: w.meetingId });
    await expectRefused(async () => grantFloor(await w.as(w.alice), { meetingId: w.meetingId, speakerId }), 403);
    await grantFloor(await w.as(w.carol), { meetingId: w.meetingId, speakerId });
    expect((await speakers(w.meetingId))[0]!.status).toBe("speaking");
  });
});

describe("the speakers' queue", () => {
  test("only people checked in ask for the floor; requests queue in order; one open request each", async () => {
    const w = await world();
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const before = await written();
    await expectRefused(async () => requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId }), 403, "speakNotCheckedIn");
    await expectRefused(async () => requestToSpeak(await w.as(w.stranger), { meetingId: w.meetingId }), 404);
    expect(await written()).toBe(before);

    await w.present(w.alice);
    await w.present(w.bob);
    const a = await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId });
    const b = await requestToSpeak(await w.as(w.bob), { meetingId: w.meetingId });
    expect([a.position, b.position]).toEqual([1, 2]);
    const again = await written();
    await expectRefused(async () => requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId }), 409, "speakerAlreadyQueued");
    expect(await written()).toBe(again);

    const mine = await getLiveState(await w.as(w.bob), w.meetingId);
    expect(mine.viewer.role).toBe("attendee");
    expect(mine.myRequest).toEqual({ id: b.speakerId, position: 2, status: "waiting" });
    expect(mine.speakers.map((s) => [s.position, s.mine])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  test("one speaker at a time: a second grant is refused with nothing written, and the database refuses it too", async () => {
    const w = await world();
    await w.present(w.alice);
    await w.present(w.bob);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const a = await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId });
    const b = await requestToSpeak(await w.as(w.bob), { meetingId: w.meetingId });
    const granted = await grantFloor(await w.as(w.chief), { meetingId: w.meetingId, speakerId: a.speakerId });
    const before = await written();
    await expectRefused(async () => grantFloor(await w.as(w.chief), { meetingId: w.meetingId, speakerId: b.speakerId }), 409, "speakerBusy");
    expect(await written()).toBe(before);
    await expect(async () => await db.update(meetingSpeakers).set({ status: "speaking" }).where(eq(meetingSpeakers.id, b.speakerId))).rejects.toThrow(/UNIQUE/);

    const s = await getLiveState(await w.as(w.bob), w.meetingId);
    expect(s.speaking).toEqual({ id: a.speakerId, name: w.alice.name, grantedAt: granted.grantedAt.toISOString(), speakingSeconds: 180 });
    expect((await getLiveState(await w.as(w.alice), w.meetingId)).myRequest?.status).toBe("speaking");
  });

  test("end turn records how long it lasted; skip and withdraw close a waiting request; the queue moves up", async () => {
    const w = await world();
    for (const p of [w.alice, w.bob, w.carol]) await w.present(p);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const t0 = new Date(Date.now());
    const a = await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId }, t0);
    const b = await requestToSpeak(await w.as(w.bob), { meetingId: w.meetingId }, new Date(t0.getTime() + 1));
    const c = await requestToSpeak(await w.as(w.carol), { meetingId: w.meetingId }, new Date(t0.getTime() + 2));
    await grantFloor(await w.as(w.chief), { meetingId: w.meetingId, speakerId: a.speakerId }, t0);
    await endTurn(await w.as(w.chief), { meetingId: w.meetingId }, new Date(t0.getTime() + 95_000));
    const ended = (await first(db.select().from(events).where(eq(events.kind, "meeting.turnEnded"))))!;
    expect(ended.data).toEqual({ speakerId: a.speakerId, seconds: 95 });
    // The turn is listed in the minutes draft under its topic; residents read it once the minutes are published.
    expect((await getMeeting(await w.as(w.chief), { meetingId: w.meetingId })).agenda[0]!.turns).toEqual([{ name: w.alice.name, seconds: 95 }]);
    expect((await getMeeting(await w.as(w.bob), { meetingId: w.meetingId })).agenda[0]!.turns).toEqual([]);
    await expectRefused(async () => endTurn(await w.as(w.chief), { meetingId: w.meetingId }), 409, "speakerNone");

    // Bob withdraws (only his own), the chair skips Carol.
    await expectRefused(async () => withdrawRequest(await w.as(w.alice), { meetingId: w.meetingId }), 409, "speakerNotWaiting");
    await withdrawRequest(await w.as(w.bob), { meetingId: w.meetingId });
    await skipSpeaker(await w.as(w.chief), { meetingId: w.meetingId, speakerId: c.speakerId });
    await expectRefused(async () => grantFloor(await w.as(w.chief), { meetingId: w.meetingId, speakerId: b.speakerId }), 409, "speakerNotWaiting");
    expect((await speakers(w.meetingId)).map((s) => s.status)).toEqual(["done", "withdrawn", "skipped"]);
    expect((await getLiveState(await w.as(w.chief), w.meetingId)).speakers).toEqual([]);
    // Alice may ask again once her turn is over.
    expect((await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId })).position).toBe(1);
  });

  test("the speaking time is the chair's, 30 s to 30 min; ending the meeting ends the turn and passes over whoever still waits", async () => {
    const w = await world();
    await w.present(w.alice);
    await w.present(w.bob);
    await expectInvalid(async () => setSpeakingTime(await w.as(w.chief), { meetingId: w.meetingId, speakingSeconds: 10 }), "speakingSeconds", "speakingSecondsInvalid");
    await setSpeakingTime(await w.as(w.chief), { meetingId: w.meetingId, speakingSeconds: 120 });
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const a = await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId });
    await requestToSpeak(await w.as(w.bob), { meetingId: w.meetingId });
    await grantFloor(await w.as(w.chief), { meetingId: w.meetingId, speakerId: a.speakerId });
    expect((await getLiveState(await w.as(w.alice), w.meetingId)).speaking?.speakingSeconds).toBe(120);
    await endMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    expect((await speakers(w.meetingId)).map((s) => s.status)).toEqual(["done", "skipped"]);
    expect((await getLiveState(await w.as(w.alice), w.meetingId)).phase).toBe("ended");
    const before = await written();
    await expectRefused(async () => requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId }), 409, "roomEnded");
    await expectRefused(async () => startMeeting(await w.as(w.chief), { meetingId: w.meetingId }), 409, "roomEnded");
    await expectRefused(async () => endMeeting(await w.as(w.chief), { meetingId: w.meetingId }), 409, "roomEnded");
    expect(await written()).toBe(before);
  });
});

describe("attendance and what each screen sees", () => {
  test("a check-in (QR or staff tick) bumps the version and wakes the room's streams", async () => {
    const w = await world();
    let woken = 0;
    const off = onMeetingChange(w.meetingId, () => woken++);
    const v0 = await version(w.meetingId);
    const { code } = await openCheckIn(await w.as(w.chief), { meetingId: w.meetingId });
    await checkIn(await w.as(w.alice), { meetingId: w.meetingId, code });
    expect(await version(w.meetingId)).toBe(v0 + 1);
    expect(woken).toBe(1);
    // Checking in again changes nothing.
    await checkIn(await w.as(w.alice), { meetingId: w.meetingId, code });
    expect(await version(w.meetingId)).toBe(v0 + 1);
    await w.present(w.bob);
    expect(await version(w.meetingId)).toBe(v0 + 2);
    await recordAttendance(await w.as(w.chief), { meetingId: w.meetingId, personId: w.bob.id, present: false });
    expect(await version(w.meetingId)).toBe(v0 + 3);
    expect(woken).toBe(3);
    off();
    expect((await getLiveState(await w.as(w.chief), w.meetingId)).quorum.present).toBe(1);
  });

  test("the check-in link goes to the chair and the projector, never to an attendee's phone; followers outside the room see no conclusions", async () => {
    const w = await world();
    const { code } = await openCheckIn(await w.as(w.chief), { meetingId: w.meetingId });
    await w.present(w.alice);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    await recordConclusion(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, conclusion: "同意" });
    const chair = await getLiveState(await w.as(w.chief), w.meetingId);
    expect(chair.checkIn?.open).toBe(true);
    expect(chair.checkIn?.url).toContain(encodeURIComponent(code));
    const projector = await getProjectorState(db, w.meetingId);
    expect(projector.viewer.role).toBe("projector");
    expect(projector.checkIn?.url).toContain(encodeURIComponent(code));
    const attendee = await getLiveState(await w.as(w.alice), w.meetingId);
    expect(attendee.checkIn).toBeNull();
    expect(JSON.stringify(attendee)).not.toContain(code);
    expect(attendee.agenda[0]!.conclusion).toBe("同意");
    const follower = await getLiveState(await w.as(w.bob), w.meetingId);
    expect(follower.viewer.role).toBe("invitee");
    expect(JSON.stringify(follower)).not.toContain(code);
    expect(follower.agenda[0]!.conclusion).toBe("");
  });

  test("restart safety: a fresh handle on the same file reads the same room", async () => {
    const w = await world();
    await w.present(w.alice);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    await moveAgenda(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[1]!.id });
    const a = await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId });
    await grantFloor(await w.as(w.chief), { meetingId: w.meetingId, speakerId: a.speakerId });
    const now = new Date();
    const before = await getLiveState(await w.as(w.chief), w.meetingId, { now });
    const fresh = openDatabase(file);
    try {
      const after = await getLiveState(await ctxAs(w.chief, fresh), w.meetingId, { now });
      expect(after).toEqual(before);
      expect(after.speaking?.id).toBe(a.speakerId);
      expect(after.current?.title).toBe("小区绿化补种");
    } finally {
      fresh.$client.close();
    }
  });
});

describe("live votes", () => {
  test("the chair opens a vote on the topic with the attendees as electorate; turnout shows, choices never before the close; the close shows every figure and the resolution", async () => {
    const w = await world();
    await w.present(w.alice);
    await w.present(w.bob);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    // A resident may not open a vote.
    const before = await written();
    await expectRefused(async () => openLiveVote(await w.as(w.alice), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, planIds: [w.voted.planId] }), 403);
    expect(await written()).toBe(before);

    const v0 = await version(w.meetingId);
    const opened = await openLiveVote(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, planIds: [w.voted.planId], quorumRequired: 2 });
    expect(await version(w.meetingId)).toBe(v0 + 1);
    const ballot = (await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!;
    expect(ballot.electorateKind).toBe("meetingAttendees");
    expect(ballot.meetingId).toBe(w.meetingId);

    let s = await getLiveState(await w.as(w.alice), w.meetingId);
    expect(s.vote).toMatchObject({ ballotId: opened.ballotId, phase: "open", result: null, myVote: "none", turnout: { voted: 0, electors: 2 } });
    expect(s.quorum).toMatchObject({ present: 2, needed: 2 });

    await castVote(await w.as(w.alice), { ballotId: opened.ballotId, choice: "agree" });
    expect(await version(w.meetingId)).toBe(v0 + 2);
    s = await getLiveState(await w.as(w.alice), w.meetingId);
    expect(s.vote).toMatchObject({ myVote: "cast", turnout: { voted: 1, electors: 2 }, result: null });
    // Nobody's screen carries a choice while the vote is open.
    for (const state of [await getProjectorState(db, w.meetingId), await getLiveState(await w.as(w.chief), w.meetingId), s]) {
      expect(JSON.stringify(state)).not.toMatch(/agree/);
    }

    // Voting from outside the presence electorate is refused, nothing written.
    const outside = await written();
    await expectRefused(async () => castVote(await w.as(w.carol), { ballotId: opened.ballotId, choice: "disagree" }), 403, "notInElectorate");
    expect(await written()).toBe(outside);

    // Bob hands in a paper ballot, entered by the chief: the turnout moves on every screen.
    const v1 = await version(w.meetingId);
    await enterPaperBallot(await w.as(w.chief), { ballotId: opened.ballotId, electorKey: `person:${w.bob.id}`, choice: "agree", witness: "监票人甲" });
    expect(await version(w.meetingId)).toBe(v1 + 1);
    expect((await getProjectorState(db, w.meetingId)).vote?.turnout).toEqual({ voted: 2, electors: 2 });
    // A ballot of another meeting (or none) cannot be closed through this room.
    await expectRefused(async () => closeLiveVote(await w.as(w.chief), { meetingId: w.meetingId, ballotId: 999_999 }), 422, "liveVoteBallotInvalid");
    await expectRefused(async () => closeLiveVote(await w.as(w.alice), { meetingId: w.meetingId, ballotId: opened.ballotId }), 403);
    const closed = await closeLiveVote(await w.as(w.chief), { meetingId: w.meetingId, ballotId: opened.ballotId });
    expect(closed.passed).toBe(true);
    const result = (await getProjectorState(db, w.meetingId)).vote;
    expect(result?.phase).toBe("closed");
    expect(result?.result?.outcome).toBe("passed");
    expect(result?.result?.figures.length).toBeGreaterThan(0);
    expect(result?.result?.figures.every((f) => f.label && f.value)).toBe(true);
    expect(result?.result?.figures.find((f) => f.key === "quorum")?.value).toBe("2 ≥ 2");
    expect(result?.result?.options[0]).toMatchObject({ agree: 2, disagree: 0, abstain: 0 });
    const resolution = await first(db.select().from(resolutions).where(eq(resolutions.ballotId, opened.ballotId)));
    expect(result?.result?.resolutionNumber).toBe(resolution?.number);
  });

  test("nothing is half-done: a vote refused by the ballot rules leaves the room's version as it was", async () => {
    const w = await world();
    await w.present(w.alice);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const before = await written();
    // The second topic is in consultation, not drafting: openBallot refuses, the room is untouched.
    await expectRefused(async () => openLiveVote(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[1]!.id, planIds: [w.voted.planId] }), 409);
    expect(await written()).toBe(before);
    expect((await first(db.select({ n: count() }).from(meetingAttendance)))!.n).toBe(1);
  });
});

describe("what every open screen reads on every change", () => {
  test("uses an index for every table that grows (no full scan): 300 phones read it at once", async () => {
    const w = await world();
    await w.present(w.alice);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId });
    await openLiveVote(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, planIds: [w.voted.planId] });
    const client = db.$client;
    const seen = new Map<string, unknown[]>();
    const prepare = client.prepare;
    client.prepare = function (this: typeof client, source: string) {
      const stmt = prepare.call(this, source);
      for (const method of ["get", "all", "run"] as const) {
        const original = stmt[method] as (...a: unknown[]) => unknown;
        (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
          if (!seen.has(source)) seen.set(source, params);
          return original.apply(stmt, params);
        };
      }
      return stmt;
    } as typeof client.prepare;
    try {
      await getLiveState(await w.as(w.alice), w.meetingId);
      await getLiveState(await w.as(w.chief), w.meetingId);
      await getProjectorState(db, w.meetingId);
      await version(w.meetingId);
    } finally {
      client.prepare = prepare;
    }
    const large = /SCAN (meeting_speakers|meeting_attendance|meeting_invitees|meeting_agenda_items|ballots|votes|ballot_electors|ballot_options|resolutions|topics|plans|plan_revisions|people|roles|events)\b(?! USING)/;
    const scans = [...seen]
      .filter(([sql]) => /^select/i.test(sql))
      .flatMap(([sql, params]) =>
        (client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as never[])) as { detail: string }[]).filter((r) => large.test(r.detail)).map((r) => `${r.detail} :: ${sql.slice(0, 120)}`),
      );
    expect(seen.size).toBeGreaterThan(10);
    expect(scans).toEqual([]);
  });

  test("a change's version moves only once the change is written: the write sees the room as it was, and a refused write moves nothing", async () => {
    const w = await world();
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const v0 = await version(w.meetingId);
    // The write takes a while (as a query to PostgreSQL does); the bump must wait for it, not run beside it.
    const slow = () => new Promise((resolve) => setTimeout(resolve, 20));
    const seen = await changeRoom(db, w.meetingId, async (tx) => {
      const before = await roomVersion(tx, w.meetingId);
      await slow();
      return [before, await roomVersion(tx, w.meetingId)];
    });
    expect(seen).toEqual([v0, v0]);
    expect(await version(w.meetingId)).toBe(v0 + 1);

    const before = await written();
    await expectRefused(
      () =>
        changeRoom(db, w.meetingId, async () => {
          await slow();
          throw new AppError("conflict", "roomNotWaiting");
        }),
      409,
      "roomNotWaiting",
    );
    expect(await written()).toBe(before);
  });
});

describe("the meeting's quorum (法定人数)", () => {
  test("set when scheduling, changed when editing or on the console before the start, refused once it runs; the screens show present against it and whether it is met", async () => {
    const w = await world();
    // Scheduled with a quorum of 2.
    const { meetingId } = await scheduleMeeting(await w.as(w.chief), {
      gridId: w.place.gridA.id,
      title: "一月网格议事会",
      startsAt: new Date(Date.now() + 7_200_000).toISOString(),
      place: "红心议事厅",
      topicIds: [w.second.id],
      roleGroups: ["residents"],
      quorumRequired: "2",
    });
    expect((await first(db.select({ q: meetings.quorumRequired }).from(meetings).where(eq(meetings.id, meetingId))))!.q).toBe(2);
    await recordAttendance(await w.as(w.chief), { meetingId, personId: w.alice.id, present: true });
    expect((await getLiveState(await w.as(w.chief), meetingId)).quorum).toMatchObject({ present: 1, needed: 2, source: "meeting", met: false });
    expect((await getProjectorState(db, meetingId)).quorum).toMatchObject({ present: 1, needed: 2, met: false });

    // Edited to 1: the screens update (a new version) and it is met.
    const v0 = await version(meetingId);
    const meeting = (await first(db.select().from(meetings).where(eq(meetings.id, meetingId))))!;
    const edit = { meetingId, title: meeting.title, startsAt: meeting.startsAt.toISOString(), durationMinutes: meeting.durationMinutes, place: meeting.place };
    expect((await updateMeeting(await w.as(w.chief), { ...edit, quorumRequired: 1 })).changed).toEqual(["quorumRequired"]);
    expect(await version(meetingId)).toBe(v0 + 1);
    expect((await getLiveState(await w.as(w.alice), meetingId)).quorum).toMatchObject({ needed: 1, met: true, source: "meeting" });

    // On the console before the start: set, cleared, bad input refused; residents may not.
    await setMeetingQuorum(await w.as(w.chief), { meetingId, quorumRequired: "3" });
    expect((await getLiveState(await w.as(w.chief), meetingId)).quorum).toMatchObject({ needed: 3, met: false });
    await expectInvalid(async () => setMeetingQuorum(await w.as(w.chief), { meetingId, quorumRequired: "0" }), "quorumRequired", "meetingQuorumInvalid");
    await expectInvalid(async () => scheduleMeeting(await w.as(w.chief), { gridId: w.place.gridA.id, title: "二月网格议事会", startsAt: new Date(Date.now() + 9_000_000).toISOString(), place: "红心议事厅", topicIds: [w.second.id], quorumRequired: "半数" }), "quorumRequired", "meetingQuorumInvalid");
    const before = await written();
    await expectRefused(async () => setMeetingQuorum(await w.as(w.alice), { meetingId, quorumRequired: "1" }), 403);
    expect(await written()).toBe(before);
    await setMeetingQuorum(await w.as(w.chief), { meetingId, quorumRequired: "" });
    expect((await getLiveState(await w.as(w.chief), meetingId)).quorum).toMatchObject({ present: 1, needed: null, source: null, met: null });
    await setMeetingQuorum(await w.as(w.chief), { meetingId, quorumRequired: 2 });

    // Once the meeting runs, the quorum stays as agreed (console and edit form alike), nothing written.
    await startMeeting(await w.as(w.chief), { meetingId });
    const running = await written();
    await expectRefused(async () => setMeetingQuorum(await w.as(w.chief), { meetingId, quorumRequired: 1 }), 409, "roomNotWaiting");
    await expectRefused(async () => updateMeeting(await w.as(w.chief), { ...edit, quorumRequired: 1 }), 409, "roomNotWaiting");
    expect(await written()).toBe(running);
    // Editing anything else still works, and leaves the quorum alone.
    expect((await updateMeeting(await w.as(w.chief), { ...edit, title: "一月网格议事会（改）", quorumRequired: 2 })).changed).toEqual(["title"]);
  });

  test("a live vote takes the meeting's quorum by default; a vote with its own quorum overrides it while open, and the screens say which", async () => {
    const w = await world();
    await db.update(meetings).set({ quorumRequired: 2 }).where(eq(meetings.id, w.meetingId));
    await w.present(w.alice);
    await w.present(w.bob);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const opened = await openLiveVote(await w.as(w.chief), { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, planIds: [w.voted.planId], quorumRequired: "" });
    expect((await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!.quorumRequired).toBe(2);
    // Same as the meeting's: still "the meeting's quorum".
    expect((await getLiveState(await w.as(w.chief), w.meetingId)).quorum).toMatchObject({ needed: 2, source: "meeting", met: true });
    await castVote(await w.as(w.alice), { ballotId: opened.ballotId, choice: "agree" });
    await castVote(await w.as(w.bob), { ballotId: opened.ballotId, choice: "agree" });
    const closed = await closeLiveVote(await w.as(w.chief), { meetingId: w.meetingId, ballotId: opened.ballotId });
    expect(closed.passed).toBe(true);
    expect((await getProjectorState(db, w.meetingId)).vote?.result?.figures.find((f) => f.key === "quorum")?.value).toBe("2 ≥ 2");

    // A vote with a quorum of its own, on a second meeting of the same topic set-up.
    const other = await makeTopic(db, w.place, { state: "drafting", plan: true, staff: w.chief, title: "加装电梯" });
    const { meetingId } = await scheduleMeeting(await w.as(w.chief), { gridId: w.place.gridA.id, title: "加装电梯议事会", startsAt: new Date(Date.now() + 3_600_000).toISOString(), place: "红心议事厅", topicIds: [other.id], quorumRequired: 2 });
    const item = (await first(db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId))))!;
    await recordAttendance(await w.as(w.chief), { meetingId, personId: w.alice.id, present: true });
    await recordAttendance(await w.as(w.chief), { meetingId, personId: w.bob.id, present: true });
    await startMeeting(await w.as(w.chief), { meetingId });
    const own = await openLiveVote(await w.as(w.chief), { meetingId, agendaItemId: item.id, planIds: [other.planId], quorumRequired: 3 });
    expect((await getLiveState(await w.as(w.chief), meetingId)).quorum).toMatchObject({ present: 2, needed: 3, source: "vote", met: false });
    await castVote(await w.as(w.alice), { ballotId: own.ballotId, choice: "agree" });
    await castVote(await w.as(w.bob), { ballotId: own.ballotId, choice: "agree" });
    expect((await closeLiveVote(await w.as(w.chief), { meetingId, ballotId: own.ballotId })).passed).toBe(false);
    // Closed: the meeting's own quorum is shown again.
    expect((await getLiveState(await w.as(w.chief), meetingId)).quorum).toMatchObject({ needed: 2, source: "meeting", met: true });
  });
});

describe("a designated chair runs the vote in the room", () => {
  test("a resident named chair opens and closes the live vote on the current topic; an ordinary attendee is refused with nothing written", async () => {
    const w = await world();
    for (const p of [w.alice, w.bob, w.carol]) await w.present(p);
    // The meeting is under way (it began ten minutes ago): the chair may close a vote early.
    await db.update(meetings).set({ startsAt: new Date(Date.now() - 600_000) }).where(eq(meetings.id, w.meetingId));
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId, chairPersonId: w.carol.id });
    const args = { meetingId: w.meetingId, agendaItemId: w.items[0]!.id, planIds: [w.voted.planId] };

    const before = await written();
    await expectRefused(async () => openLiveVote(await w.as(w.alice), args), 403);
    expect(await written()).toBe(before);

    const v0 = await version(w.meetingId);
    const opened = await openLiveVote(await w.as(w.carol), args);
    expect(await version(w.meetingId)).toBe(v0 + 1);
    const ballot = (await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!;
    expect(ballot).toMatchObject({ electorateKind: "meetingAttendees", meetingId: w.meetingId, createdBy: w.carol.id, status: "open" });
    expect((await first(db.select({ state: topics.state }).from(topics).where(eq(topics.id, w.voted.id))))!.state).toBe("voting");

    await castVote(await w.as(w.alice), { ballotId: opened.ballotId, choice: "agree" });
    const open = await written();
    await expectRefused(async () => closeLiveVote(await w.as(w.alice), { meetingId: w.meetingId, ballotId: opened.ballotId }), 403);
    await expectRefused(async () => closeLiveVote(await w.as(w.bob), { meetingId: w.meetingId, ballotId: opened.ballotId }), 403);
    expect(await written()).toBe(open);

    // Two of three have not voted: the chair closes it on the "meeting chair" ground, as staff
    // would, and the count is the rule's (one vote of three present is too few to carry it).
    const closed = await closeLiveVote(await w.as(w.carol), { meetingId: w.meetingId, ballotId: opened.ballotId });
    expect(closed.passed).toBe(false);
    const after = (await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId))))!;
    expect(after).toMatchObject({ status: "closed", earlyCloseGround: "meetingChair" });
  });

  test("being a meeting's chair does not open or close ballots anywhere else: not from the ballot pages, not another meeting's", async () => {
    const w = await world();
    await w.present(w.alice);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId, chairPersonId: w.carol.id });
    const before = await written();
    const closesAt = new Date(Date.now() + 3_600_000).toISOString();
    // The ballot use case itself, as the ballot page or the API calls it: the topic's staff only.
    await expectRefused(async () => openBallot(await w.as(w.carol), { topicId: w.voted.id, kind: "single", planIds: [w.voted.planId], electorateKind: "meetingAttendees", meetingId: w.meetingId, closesAt }), 403);
    await expectRefused(async () => openBallot(await w.as(w.carol), { topicId: w.voted.id, kind: "single", planIds: [w.voted.planId], electorateKind: "gridResidents", closesAt }, new Date(), { chairedMeetingId: w.meetingId }), 403);
    expect(await written()).toBe(before);

    // A ballot the staff opened for the whole grid cannot be closed through the room by the chair.
    const grid = await openBallot(await w.as(w.chief), { topicId: w.voted.id, kind: "single", planIds: [w.voted.planId], electorateKind: "gridResidents", closesAt });
    const open = await written();
    await expectRefused(async () => closeBallot(await w.as(w.carol), { ballotId: grid.ballotId }), 403);
    await expectRefused(async () => closeBallot(await w.as(w.carol), { ballotId: grid.ballotId }, new Date(), { chairedMeetingId: w.meetingId }), 403);
    await expectRefused(async () => closeLiveVote(await w.as(w.carol), { meetingId: w.meetingId, ballotId: grid.ballotId }), 422, "liveVoteBallotInvalid");
    expect(await written()).toBe(open);
  });
});

describe("taking back an attendance tick", () => {
  test("closes the person's waiting request, and ends their turn if they hold the floor, in the same transaction and version", async () => {
    const w = await world();
    for (const p of [w.alice, w.bob]) await w.present(p);
    await startMeeting(await w.as(w.chief), { meetingId: w.meetingId });
    const t0 = new Date();
    const a = await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId }, t0);
    const b = await requestToSpeak(await w.as(w.bob), { meetingId: w.meetingId }, new Date(t0.getTime() + 1));
    await grantFloor(await w.as(w.chief), { meetingId: w.meetingId, speakerId: a.speakerId }, t0);

    // Bob leaves: his waiting request goes with him.
    let v = await version(w.meetingId);
    await recordAttendance(await w.as(w.chief), { meetingId: w.meetingId, personId: w.bob.id, present: false }, new Date(t0.getTime() + 10_000));
    expect(await version(w.meetingId)).toBe(v + 1);
    expect((await speakers(w.meetingId)).find((s) => s.id === b.speakerId)).toMatchObject({ status: "skipped" });
    expect((await getLiveState(await w.as(w.chief), w.meetingId)).speakers.map((s) => s.id)).toEqual([a.speakerId]);

    // Alice, speaking, is taken off the list: her turn ends, with its length for the minutes.
    v = await version(w.meetingId);
    await recordAttendance(await w.as(w.chief), { meetingId: w.meetingId, personId: w.alice.id, present: false }, new Date(t0.getTime() + 42_000));
    expect(await version(w.meetingId)).toBe(v + 1);
    expect((await speakers(w.meetingId)).find((s) => s.id === a.speakerId)).toMatchObject({ status: "done" });
    const s = await getLiveState(await w.as(w.chief), w.meetingId);
    expect(s.speaking).toBeNull();
    expect(s.speakers).toEqual([]);
    expect((await first(db.select().from(events).where(eq(events.kind, "meeting.turnEnded"))))!.data).toEqual({ speakerId: a.speakerId, seconds: 42 });
    expect((await getMeeting(await w.as(w.chief), { meetingId: w.meetingId })).agenda[0]!.turns).toEqual([{ name: w.alice.name, seconds: 42 }]);

    // Ticked again, Alice may ask again; a tick taken back from someone with no request changes only attendance.
    await w.present(w.alice);
    expect((await requestToSpeak(await w.as(w.alice), { meetingId: w.meetingId })).position).toBe(1);
    v = await version(w.meetingId);
    await recordAttendance(await w.as(w.chief), { meetingId: w.meetingId, personId: w.carol.id, present: false });
    expect(await version(w.meetingId)).toBe(v);
  });
});

describe("watching a room for changes made elsewhere", () => {
  test("two screens opening at once share one watcher; it stops only when both have closed", async () => {
    const meetingId = 4242;
    const [first, second] = await Promise.all([watchMeeting(db, meetingId, () => {}), watchMeeting(db, meetingId, () => {})]);
    expect(watchedMeetingIds().filter((id) => id === meetingId)).toHaveLength(1);
    first();
    // The other screen is still open: its room is still watched (and re-read after a gap in the feed).
    expect(watchedMeetingIds()).toContain(meetingId);
    second();
    expect(watchedMeetingIds()).not.toContain(meetingId);
  });
});
