import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, events, meetingDisplayCodes, meetingRooms, meetings, topics } from "@/db/schema";
import { cancelMeeting } from "@/lib/meetings/cancel-meeting";
import { onMeetingChange, roomVersion } from "@/lib/meetings/room/changes";
import { DISPLAY_CODE_HOURS, issueDisplayCode, projectorAccess, revokeDisplayCodes } from "@/lib/meetings/room/display-code";
import { scheduleMeeting } from "@/lib/meetings/schedule-meeting";
import { ctxAs, tempDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { expectRefused } from "../helpers/refusal";

let db: DB;
let cleanup: () => void;

function world() {
  const place = makeCommunity(db);
  const category = db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning().get();
  const item = db.insert(agendaItems).values({ categoryId: category.id, name: "停车管理" }).returning().get();
  const chief = makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = makePerson(db, place, "gridChief", { grid: "B" });
  const owner = makePerson(db, place, "owner", { grid: "A" });
  const chair = makePerson(db, place, "resident", { grid: "A" });
  const topic = db
    .insert(topics)
    .values({
      communityId: place.community.id,
      gridId: place.gridA.id,
      agendaItemId: item.id,
      title: "楼道电动车停放",
      descriptionJson: { type: "doc", content: [] },
      descriptionHtml: "",
      proposerId: owner.id,
      state: "consulting",
      level: "grid",
      cosignThreshold: 5,
      cosignDeadline: new Date(Date.UTC(2030, 0, 1)),
    })
    .returning()
    .get();
  const schedule = async () =>
    (await scheduleMeeting(ctxAs(chief.id, db), { gridId: place.gridA.id, title: "三月网格议事会", startsAt: "2030-03-15T19:00", place: "红心议事厅", topicIds: [topic.id], roleGroups: ["owners"] })).meetingId;
  return { place, chief, chiefB, owner, chair, schedule, as: (id: number) => ctxAs(id, db) };
}

const codeRows = () => db.select({ n: count() }).from(meetingDisplayCodes).get()!.n;
const eventRows = () => db.select({ n: count() }).from(events).get()!.n;

beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("projector display codes", () => {
  test("the grid chief issues a code that opens this meeting's projector for 12 hours, and only the hash is stored", async () => {
    const w = world();
    const meetingId = await w.schedule();
    const now = new Date(Date.UTC(2030, 2, 15, 10, 0));
    const issued = await issueDisplayCode(w.as(w.chief.id), { meetingId }, now);
    expect(issued.code.length).toBeGreaterThanOrEqual(20);
    expect(issued.expiresAt.getTime() - now.getTime()).toBe(DISPLAY_CODE_HOURS * 3_600_000);

    const stored = db.select().from(meetingDisplayCodes).all();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(issued.code);
    const event = db.select().from(events).where(eq(events.kind, "meeting.displayCodeIssued")).get()!;
    expect(JSON.stringify(event.data)).not.toContain(issued.code);

    expect(projectorAccess(db, meetingId, issued.code, now)).toBe(true);
    expect(projectorAccess(db, meetingId, issued.code, new Date(issued.expiresAt.getTime() - 1000))).toBe(true);
    // Expired, wrong, truncated, missing: nothing opens.
    expect(projectorAccess(db, meetingId, issued.code, issued.expiresAt)).toBe(false);
    expect(projectorAccess(db, meetingId, issued.code.slice(0, -1) + (issued.code.endsWith("A") ? "B" : "A"), now)).toBe(false);
    expect(projectorAccess(db, meetingId, issued.code.slice(0, 8), now)).toBe(false);
    expect(projectorAccess(db, meetingId, null, now)).toBe(false);
    expect(projectorAccess(db, meetingId, "", now)).toBe(false);
  });

  test("a code opens its own meeting only, and a cancelled meeting's code opens nothing", async () => {
    const w = world();
    const first = await w.schedule();
    const second = await w.schedule();
    const now = new Date(Date.UTC(2030, 2, 15, 10, 0));
    const code = (await issueDisplayCode(w.as(w.chief.id), { meetingId: first }, now)).code;
    expect(projectorAccess(db, second, code, now)).toBe(false);
    expect(projectorAccess(db, first, code, now)).toBe(true);
    await cancelMeeting(w.as(w.chief.id), { meetingId: first });
    expect(projectorAccess(db, first, code, now)).toBe(false);
  });

  test("revoking ends every code of the meeting at once", async () => {
    const w = world();
    const meetingId = await w.schedule();
    const now = new Date(Date.UTC(2030, 2, 15, 10, 0));
    const a = (await issueDisplayCode(w.as(w.chief.id), { meetingId }, now)).code;
    const b = (await issueDisplayCode(w.as(w.chief.id), { meetingId }, now)).code;
    expect(a).not.toBe(b);
    let woken = 0;
    const off = onMeetingChange(meetingId, () => woken++);
    const versionBefore = roomVersion(db, meetingId);
    expect((await revokeDisplayCodes(w.as(w.chief.id), { meetingId })).revoked).toBe(2);
    off();
    // The open streams are woken to re-check their access (and find the code gone).
    expect(woken).toBe(1);
    // …on every server: the room's version, which each server's poll reads, moved.
    expect(roomVersion(db, meetingId)).toBe(versionBefore + 1);
    expect(projectorAccess(db, meetingId, a, now)).toBe(false);
    expect(projectorAccess(db, meetingId, b, now)).toBe(false);
  });

  test("residents, another grid's chief and a cancelled meeting are refused, and nothing is written", async () => {
    const w = world();
    const meetingId = await w.schedule();
    const before = { codes: codeRows(), events: eventRows() };
    await expectRefused(() => issueDisplayCode(w.as(w.owner.id), { meetingId }), 403, "forbidden");
    await expectRefused(() => issueDisplayCode(w.as(w.chiefB.id), { meetingId }), 403, "forbidden");
    await expectRefused(() => revokeDisplayCodes(w.as(w.owner.id), { meetingId }), 403, "forbidden");
    await expectRefused(() => issueDisplayCode(w.as(w.chief.id), { meetingId: 999_999 }), 404, "meetingNotFound");
    expect({ codes: codeRows(), events: eventRows() }).toEqual(before);
    await cancelMeeting(w.as(w.chief.id), { meetingId });
    const afterCancel = { codes: codeRows(), events: eventRows() };
    await expectRefused(() => issueDisplayCode(w.as(w.chief.id), { meetingId }), 409, "meetingClosed");
    expect({ codes: codeRows(), events: eventRows() }).toEqual(afterCancel);
  });

  test("the chair the room names may put it on the screen, though not grid staff", async () => {
    const w = world();
    const meetingId = await w.schedule();
    await expectRefused(() => issueDisplayCode(w.as(w.chair.id), { meetingId }), 403, "forbidden");
    db.insert(meetingRooms).values({ meetingId, chairPersonId: w.chair.id }).run();
    const code = (await issueDisplayCode(w.as(w.chair.id), { meetingId })).code;
    expect(projectorAccess(db, meetingId, code)).toBe(true);
    expect(db.select().from(meetings).where(eq(meetings.id, meetingId)).get()!.status).toBe("scheduled");
  });
});
