import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { NextRequest } from "next/server";
// The route uses the process-wide database (GRIDCOUNCIL_DB): point it at a throwaway folder first.
const tmp = await vi.hoisted(async () => {
  const { throwawayDbEnv } = await import("../helpers/process-db");
  return throwawayDbEnv("live", { NEXTAUTH_SECRET: "test-secret-live-route" });
});
// The session is whoever the test says is signed in.
const session = vi.hoisted(() => ({ personId: null as number | null }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => (session.personId == null ? null : { personId: session.personId }),
}));
import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { meetingAgendaItems, meetingRooms } from "@/db/schema";
import * as liveRoute from "@/app/api/v1/meetings/[id]/live/route";
import * as enterRoute from "@/app/meetings/[id]/projector/enter/route";
import * as projectorLive from "@/app/meetings/[id]/projector/live/route";
import { recordAttendance } from "@/lib/meetings/record-attendance";
import { issueDisplayCode, revokeDisplayCodes } from "@/lib/meetings/room/display-code";
import { getLiveState, type LiveState } from "@/lib/meetings/room/live-state";
import { holdStreamSlot, liveStream, MAX_LIVE_READS_PER_WINDOW, MAX_STREAMS_PER_READER, MIN_PUSH_MS } from "@/lib/meetings/room/live-stream";
import { roomVersion } from "@/lib/meetings/room/changes";
import { withdrawRequest } from "@/lib/meetings/room/withdraw-request";
import { moveAgenda } from "@/lib/meetings/room/move-agenda";
import { requestToSpeak } from "@/lib/meetings/room/request-to-speak";
import { startMeeting } from "@/lib/meetings/room/start-meeting";
import { scheduleMeeting } from "@/lib/meetings/schedule-meeting";
import { ctxAs } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { processDb } from "../helpers/process-db";

let db: DB;
processDb(tmp.dir, (d) => (db = d));

type W = Awaited<ReturnType<typeof world>>;
async function world() {
  const place = await makeCommunity(db);
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const alice = await makePerson(db, place, "resident", { grid: "A" });
  const stranger = await makePerson(db, await makeCommunity(db), "resident", { grid: "A" });
  const first = await makeTopic(db, place, { state: "consulting", staff: chief, title: "楼道电动车停放整治" });
  const second = await makeTopic(db, place, { state: "consulting", staff: chief, title: "小区绿化补种" });
  const { meetingId } = await scheduleMeeting(await ctxAs(chief, db), {
    gridId: place.gridA.id,
    title: "十二月网格议事会",
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    place: "红心议事厅",
    topicIds: [first.id, second.id],
    roleGroups: ["residents"],
  });
  const items = await db.select().from(meetingAgendaItems).where(eq(meetingAgendaItems.meetingId, meetingId)).orderBy(meetingAgendaItems.position);
  return { chief, alice, stranger, meetingId, items };
}

const aborts: AbortController[] = [];
afterEach(() => {
  // Every stream a test opened is closed, so no 500 ms poll outlives it.
  for (const a of aborts.splice(0)) a.abort();
  session.personId = null;
});

type Handler = (r: NextRequest, c: { params: Promise<{ id: string }> }) => Promise<Response>;

function callRoute(handler: unknown, url: string, meetingId: number | string, signal?: AbortSignal, headers: Record<string, string> = {}) {
  const req = new NextRequest(url, { headers, signal });
  return (handler as Handler)(req, { params: Promise.resolve({ id: String(meetingId) }) });
}

function get(meetingId: number | string, query = "", headers: Record<string, string> = {}) {
  const abort = new AbortController();
  aborts.push(abort);
  return callRoute(liveRoute.GET, `http://localhost/api/v1/meetings/${meetingId}/live${query}`, meetingId, abort.signal, headers);
}

/** Reads SSE events off a Response body: the next "state" event, or a timeout. */
function events(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let inFlight: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const next = async (withinMs: number): Promise<{ event: string; id: string | null; data: string; comments: string[] }> => {
    const deadline = Date.now() + withinMs;
    const comments: string[] = [];
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split("\n");
        comments.push(...lines.filter((l) => l.startsWith(":")));
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
        const event = field("event");
        if (event) return { event, id: field("id"), data: field("data") ?? "", comments };
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${withinMs} ms`);
      // One read in flight at a time: a read left over from a timed-out wait keeps its chunk for the next call.
      inFlight ??= reader.read();
      const chunk = await Promise.race([inFlight, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), left))]);
      if (chunk === "timeout") throw new Error(`no event within ${withinMs} ms`);
      inFlight = null;
      if (chunk.done) throw new Error("stream ended");
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  const pending = () => buffer;
  return { next, pending, cancel: () => reader.cancel() };
}

let w: W;
beforeEach(async () => {
  w = await world();
});

describe("GET /api/v1/meetings/{id}/live", () => {
  test("streams the state now, then each change within a second, the event id being the room's version", async () => {
    session.personId = w.chief.id;
    const res = await get(w.meetingId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const stream = events(res);
    const first = await stream.next(1000);
    expect(first.event).toBe("state");
    const state = JSON.parse(first.data) as LiveState;
    expect(state.phase).toBe("waiting");
    expect(first.id).toBe(String(state.version));

    const t0 = Date.now();
    await startMeeting(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    const second = await stream.next(1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    const started = JSON.parse(second.data) as LiveState;
    expect(started.phase).toBe("running");
    expect(Number(second.id)).toBe(state.version + 1);
  });

  test("a change committed by another process (only the version in the file moves) reaches the stream by the poll", async () => {
    session.personId = w.chief.id;
    const stream = events(await get(w.meetingId));
    const first = await stream.next(1000);
    // Written straight to the file, as another server would: no in-process notification.
    await db.insert(meetingRooms).values({ meetingId: w.meetingId, phase: "running", version: Number(first.id) + 5 }).onConflictDoUpdate({ target: meetingRooms.meetingId, set: { phase: "running", version: Number(first.id) + 5 } });
    const next = await stream.next(1000);
    expect(Number(next.id)).toBe(Number(first.id) + 5);
    expect((JSON.parse(next.data) as LiveState).phase).toBe("running");
  });

  test("Last-Event-ID: a reconnect at the current version gets no repeat, only the next change; an older one gets the state at once", async () => {
    session.personId = w.chief.id;
    await startMeeting(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    const current = (await (await get(w.meetingId, "?once=1")).json()) as LiveState;

    const resumed = events(await get(w.meetingId, "", { "last-event-id": String(current.version) }));
    await expect(resumed.next(700)).rejects.toThrow(/no event/);
    expect(resumed.pending()).toBe("");
    await moveAgenda(await ctxAs(w.chief, db), { meetingId: w.meetingId, agendaItemId: w.items[1]!.id });
    const next = await resumed.next(1000);
    expect(Number(next.id)).toBe(current.version + 1);
    expect((JSON.parse(next.data) as LiveState).current?.title).toBe("小区绿化补种");

    const behind = events(await get(w.meetingId, "", { "last-event-id": String(current.version - 1) }));
    expect(Number((await behind.next(1000)).id)).toBe(current.version + 1);
  });

  test("?once=1 answers the state as JSON: an attendee's own request, no check-in link", async () => {
    await recordAttendance(await ctxAs(w.chief, db), { meetingId: w.meetingId, personId: w.alice.id, present: true });
    await startMeeting(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    await requestToSpeak(await ctxAs(w.alice, db), { meetingId: w.meetingId });
    session.personId = w.alice.id;
    const res = await get(w.meetingId, "?once=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    // Personal: never kept by a proxy or the phone's own cache.
    expect(res.headers.get("cache-control")).toContain("no-store");
    const state = (await res.json()) as LiveState;
    expect(state.viewer.role).toBe("attendee");
    expect(state.myRequest?.position).toBe(1);
    expect(state.checkIn).toBeNull();
  });

  test("only people who may see the meeting: signed out 401, another community 404, a bad meeting id 422", async () => {
    expect((await get(w.meetingId)).status).toBe(401);
    expect((await get(w.meetingId, "?once=1")).status).toBe(401);
    session.personId = w.stranger.id;
    expect((await get(w.meetingId)).status).toBe(404);
    expect((await get(w.meetingId, "?once=1")).status).toBe(404);
    const res = await get(w.meetingId, "?once=1");
    expect(JSON.stringify(await res.json())).not.toContain("十二月网格议事会");
    expect((await get("abc", "?once=1")).status).toBe(422);
  });

  test("one person polling ?once=1 in a loop is refused with 429 in words after MAX_LIVE_READS_PER_WINDOW reads; someone else still reads the room", async () => {
    session.personId = w.alice.id;
    for (let i = 0; i < MAX_LIVE_READS_PER_WINDOW; i++) expect((await get(w.meetingId, "?once=1")).status).toBe(200);
    const refused = await get(w.meetingId, "?once=1");
    expect(refused.status).toBe(429);
    expect(JSON.stringify(await refused.json())).toContain("刷新太频繁");
    // Opening a stream reads the whole state too: no way round the limit.
    expect((await get(w.meetingId)).status).toBe(429);
    session.personId = w.chief.id;
    expect((await get(w.meetingId, "?once=1")).status).toBe(200);
  });

  test("one person holds at most MAX_STREAMS_PER_READER streams: one more is 429 in words, the polling fallback still answers, and a stream the client drops frees its place", async () => {
    session.personId = w.alice.id;
    const held: { abort: AbortController; res: Response }[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_READER; i++) {
      const abort = new AbortController();
      aborts.push(abort);
      const res = await callRoute(liveRoute.GET, `http://localhost/api/v1/meetings/${w.meetingId}/live`, w.meetingId, abort.signal);
      expect(res.status).toBe(200);
      held.push({ abort, res });
    }
    const refused = await get(w.meetingId);
    expect(refused.status).toBe(429);
    expect(JSON.stringify(await refused.json())).toContain(`${MAX_STREAMS_PER_READER} 个会场实时连接`);
    // The poll is not a stream: a phone refused a stream still follows the room.
    expect((await get(w.meetingId, "?once=1")).status).toBe(200);
    // Someone else is not held back by Alice's streams.
    session.personId = w.chief.id;
    expect((await get(w.meetingId)).status).toBe(200);

    // Alice closes a tab: the client aborts, the server ends that stream and frees its slot.
    session.personId = w.alice.id;
    held[0]!.abort.abort();
    const again = await get(w.meetingId);
    expect(again.status).toBe(200);
    expect((await events(again).next(1000)).event).toBe("state");
    expect((await get(w.meetingId)).status).toBe(429);
  });

  test("an attendee toggling 'request to speak' in a loop costs each open stream at most one read per MIN_PUSH_MS, and the last change still arrives", async () => {
    await recordAttendance(await ctxAs(w.chief, db), { meetingId: w.meetingId, personId: w.alice.id, present: true });
    await startMeeting(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    const abort = new AbortController();
    aborts.push(abort);
    let reads = 0;
    const res = liveStream({
      db,
      meetingId: w.meetingId,
      read: async () => {
        reads += 1;
        return getLiveState(await ctxAs(w.chief, db), w.meetingId);
      },
      lastEventId: null,
      signal: abort.signal,
      locale: "zh-CN",
    });
    const stream = events(res);
    await stream.next(1000);
    reads = 0;
    for (let i = 0; i < 10; i++) {
      await requestToSpeak(await ctxAs(w.alice, db), { meetingId: w.meetingId });
      await withdrawRequest(await ctxAs(w.alice, db), { meetingId: w.meetingId });
    }
    await requestToSpeak(await ctxAs(w.alice, db), { meetingId: w.meetingId });
    const latest = await roomVersion(db, w.meetingId);
    let last = await stream.next(MIN_PUSH_MS + 1000);
    while (Number(last.id) !== latest) last = await stream.next(MIN_PUSH_MS + 1000);
    expect((JSON.parse(last.data) as LiveState).speakers.map((q) => q.name)).toContain(w.alice.name);
    // 21 changes in a burst: one read at once, one after the gap — not 21.
    expect(reads).toBeLessThanOrEqual(2);
  });

  test("a stream that ends by itself (its lifetime over) frees its slot too", async () => {
    const reader = `person:test-${w.alice.id}`;
    const releases = [];
    for (let i = 0; i < MAX_STREAMS_PER_READER; i++) releases.push(await holdStreamSlot(reader));
    await expect(holdStreamSlot(reader)).rejects.toMatchObject({ status: 429 });
    const abort = new AbortController();
    aborts.push(abort);
    const res = liveStream({ db, meetingId: w.meetingId, read: async () => getLiveState(await ctxAs(w.chief, db), w.meetingId), lastEventId: null, signal: abort.signal, locale: "zh-CN", timing: { maxMs: 100 }, onEnd: releases.pop()! });
    const body = res.body!.getReader();
    while (!(await body.read()).done);
    const next = await holdStreamSlot(reader);
    next();
    for (const r of releases) r();
  });
});

describe("the room PC's projector: the display code in a cookie, not in a URL", () => {
  const enter = (meetingId: number, code: string) =>
    callRoute(enterRoute.GET, `http://localhost/meetings/${meetingId}/projector/enter?display=${encodeURIComponent(code)}`, meetingId);
  const projector = (meetingId: number, cookie: string | null, query = "") => {
    const abort = new AbortController();
    aborts.push(abort);
    return callRoute(projectorLive.GET, `http://localhost/meetings/${meetingId}/projector/live${query}`, meetingId, abort.signal, cookie ? { cookie } : {});
  };

  test("the link's enter route swaps a valid code for an HttpOnly, SameSite=Strict cookie of this projector's path and 303s to the clean URL; a wrong code sets nothing", async () => {
    const { code } = await issueDisplayCode(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    const res = await enter(w.meetingId, code);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/meetings/${w.meetingId}/projector`);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toContain(`gc_display=${encodeURIComponent(code)}`);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toContain(`; Path=/meetings/${w.meetingId}/projector;`);
    // It lasts as long as the code (12 hours), not a session longer.
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    expect(maxAge).toBeGreaterThan(11 * 3600);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");

    for (const [meetingId, bad] of [
      [w.meetingId, "not-the-code-at-all-000"],
      [w.meetingId + 1000, code],
    ] as const) {
      const refused = await enter(meetingId, bad);
      expect(refused.status).toBe(303);
      expect(refused.headers.get("location")).toBe(`/meetings/${meetingId}/projector?refused=1`);
      expect(refused.headers.get("set-cookie")).toMatch(/^gc_display=; .*Max-Age=0/);
    }
  });

  test("the projector's stream reads the cookie (no session); the API route no longer takes a code in its URL; revoking still ends the stream", async () => {
    const { code } = await issueDisplayCode(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    const cookie = `gc_display=${encodeURIComponent(code)}`;
    expect((await projector(w.meetingId, null, "?once=1")).status).toBe(403);
    expect((await projector(w.meetingId, "gc_display=not-the-code-at-all-000", "?once=1")).status).toBe(403);
    expect((await projector(w.meetingId + 1000, cookie, "?once=1")).status).toBe(403);
    expect((await get(w.meetingId, `?once=1&display=${code}`)).status).toBe(401);
    const once = await projector(w.meetingId, cookie, "?once=1");
    expect(once.status).toBe(200);
    expect(((await once.json()) as LiveState).viewer.role).toBe("projector");

    const stream = events(await projector(w.meetingId, cookie));
    expect((await stream.next(1000)).event).toBe("state");
    await revokeDisplayCodes(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    // The next change is not shown to a revoked screen: the stream says so and ends.
    await startMeeting(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    const denied = await stream.next(1000);
    expect(denied.event).toBe("denied");
    expect(JSON.parse(denied.data).status).toBe(403);
    await expect(stream.next(500)).rejects.toThrow(/stream ended|no event/);
  });

  test("one display code holds at most MAX_STREAMS_PER_READER streams too", async () => {
    const { code } = await issueDisplayCode(await ctxAs(w.chief, db), { meetingId: w.meetingId });
    const cookie = `gc_display=${encodeURIComponent(code)}`;
    for (let i = 0; i < MAX_STREAMS_PER_READER; i++) expect((await projector(w.meetingId, cookie)).status).toBe(200);
    expect((await projector(w.meetingId, cookie)).status).toBe(429);
    expect((await projector(w.meetingId, cookie, "?once=1")).status).toBe(200);
  });

});

describe("the stream itself", () => {
  test("a heartbeat comment keeps a quiet stream open, and the stream ends after its lifetime so the browser reconnects through sign-in again", async () => {
    const abort = new AbortController();
    aborts.push(abort);
    const res = liveStream({
      db,
      meetingId: w.meetingId,
      read: async () => getLiveState(await ctxAs(w.chief, db), w.meetingId),
      lastEventId: null,
      signal: abort.signal,
      locale: "zh-CN",
      timing: { heartbeatMs: 100, maxMs: 450 },
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const started = Date.now();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(text).toMatch(/^retry: 2000\n\n/);
    expect(text).toContain("event: state\n");
    expect(text.match(/^: heartbeat$/gm)?.length).toBeGreaterThanOrEqual(3);
  });
});
