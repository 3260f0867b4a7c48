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
import { first } from "@/db/query";

let db: DB;
let cleanup: () => void;

async function world() {
  const place = await makeCommunity(db);
  const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "停车管理" }).returning());
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const owner = await makePerson(db, place, "owner", { grid: "A" });
  const chair = await makePerson(db, place, "resident", { grid: "A" });
  const topic = await first(db
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
    .returning());
  const schedule = async () =>
    (await scheduleMeeting(await ctxAs(chief.id, db), { gridId: place.gridA.id, title: "三月网格议事会", startsAt: "2030-03-15T19:00", place: "红心议事厅", topicIds: [topic.id], roleGroups: ["owners"] })).meetingId;
  return { place, chief, chiefB, owner, chair, schedule, as: (id: number) => ctxAs(id, db) };
}

const codeRows = async () => (await first(db.select({ n: count() }).from(meetingDisplayCodes)))!.n;
const eventRows = async () => (await first(db.select({ n: count() }).from(events)))!.n;

beforeEach(() => ({ db, cleanup } = tempDb()));
afterEach(() => cleanup());

describe("projector display codes", () => {
  test("the grid chief issues a code that opens this meeting's projector for 12 hours, and only the hash is stored", async () => {
    const w = await world();
    const meetingId = await w.schedule();
    const now = new Date(Date.UTC(2030, 2, 15, 10, 0));
    const issued = await issueDisplayCode(await w.as(w.chief.id), { meetingId }, now);
    expect(issued.code.length).toBeGreaterThanOrEqual(20);
    expect(issued.expiresAt.getTime() - now.getTime()).toBe(DISPLAY_CODE_HOURS * 3_600_000);

    const stored = await db.select().from(meetingDisplayCodes);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(issued.code);
    const event = (await first(db.select().from(events).where(eq(events.kind, "meeting.displayCodeIssued"))))!;
    expect(JSON.stringify(event.data)).not.toContain(issued.code);

    expect(await projectorAccess(db, meetingId, issued.code, now)).toBe(true);
    expect(await projectorAccess(db, meetingId, issued.code, new Date(issued.expiresAt.getTime() - 1000))).toBe(true);
    // Expired, wrong, truncated, missing: nothing opens.
    expect(await projectorAccess(db, meetingId, issued.code, issued.expiresAt)).toBe(false);
    expect(await projectorAccess(db, meetingId, issued.code.slice(0, -1) + (issued.code.endsWith("A") ? "B" : "A"), now)).toBe(false);
    expect(await projectorAccess(db, meetingId, issued.code.slice(0, 8), now)).toBe(false);
    expect(await projectorAccess(db, meetingId, null, now)).toBe(false);
    expect(await projectorAccess(db, meetingId, "", now)).toBe(false);
  });

  test("a code opens its own meeting only, and a cancelled meeting's code opens nothing", async () => {
    const w = await world();
    const first = await w.schedule();
    const second = await w.schedule();
    const now = new Date(Date.UTC(2030, 2, 15, 10, 0));
    const code = (await issueDisplayCode(await w.as(w.chief.id), { meetingId: first }, now)).code;
    expect(await projectorAccess(db, second, code, now)).toBe(false);
    expect(await projectorAccess(db, first, code, now)).toBe(true);
    await cancelMeeting(await w.as(w.chief.id), { meetingId: first });
    expect(await projectorAccess(db, first, code, now)).toBe(false);
  });

  test("revoking ends every code of the meeting at once", async () => {
    const w = await world();
    const meetingId = await w.schedule();
    const now = new Date(Date.UTC(2030, 2, 15, 10, 0));
    const a = (await issueDisplayCode(await w.as(w.chief.id), { meetingId }, now)).code;
    const b = (await issueDisplayCode(await w.as(w.chief.id), { meetingId }, now)).code;
    expect(a).not.toBe(b);
    let woken = 0;
    const off = onMeetingChange(meetingId, () => woken++);
    const versionBefore = await roomVersion(db, meetingId);
    expect((await revokeDisplayCodes(await w.as(w.chief.id), { meetingId })).revoked).toBe(2);
    off();
    // The open streams are woken to re-check their access (and find the code gone).
    expect(woken).toBe(1);
    // …on every server: the room's version, which each server's poll reads, moved.
    expect(await roomVersion(db, meetingId)).toBe(versionBefore + 1);
    expect(await projectorAccess(db, meetingId, a, now)).toBe(false);
    expect(await projectorAccess(db, meetingId, b, now)).toBe(false);
  });

  test("residents, another grid's chief and a cancelled meeting are refused, and nothing is written", async () => {
    const w = await world();
    const meetingId = await w.schedule();
    const before = { codes: await codeRows(), events: await eventRows() };
    await expectRefused(async () => issueDisplayCode(await w.as(w.owner.id), { meetingId }), 403, "forbidden");
    await expectRefused(async () => issueDisplayCode(await w.as(w.chiefB.id), { meetingId }), 403, "forbidden");
    await expectRefused(async () => revokeDisplayCodes(await w.as(w.owner.id), { meetingId }), 403, "forbidden");
    await expectRefused(async () => issueDisplayCode(await w.as(w.chief.id), { meetingId: 999_999 }), 404, "meetingNotFound");
    expect({ codes: await codeRows(), events: await eventRows() }).toEqual(before);
    await cancelMeeting(await w.as(w.chief.id), { meetingId });
    const afterCancel = { codes: await codeRows(), events: await eventRows() };
    await expectRefused(async () => issueDisplayCode(await w.as(w.chief.id), { meetingId }), 409, "meetingClosed");
    expect({ codes: await codeRows(), events: await eventRows() }).toEqual(afterCancel);
  });

  test("the chair the room names may put it on the screen, though not grid staff", async () => {
    const w = await world();
    const meetingId = await w.schedule();
    await expectRefused(async () => issueDisplayCode(await w.as(w.chair.id), { meetingId }), 403, "forbidden");
    await db.insert(meetingRooms).values({ meetingId, chairPersonId: w.chair.id });
    const code = (await issueDisplayCode(await w.as(w.chair.id), { meetingId })).code;
    expect(await projectorAccess(db, meetingId, code)).toBe(true);
    expect((await first(db.select().from(meetings).where(eq(meetings.id, meetingId))))!.status).toBe("scheduled");
  });
});
