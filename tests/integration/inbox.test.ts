import { and, eq, isNull } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, events, meetings, notifications, topics } from "@/db/schema";
import InboxPage from "@/app/inbox/page";
import { issueApiToken } from "@/lib/auth/tokens";
import { locales, type Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";
import { listNotifications, notificationHref } from "@/lib/notifications/list";
import { markNotificationsRead, openNotification } from "@/lib/notifications/mark-read";
import { notificationKinds, notify } from "@/lib/notifications/notify";
import { unreadCount } from "@/lib/notifications/unread-count";
import { postOpinion } from "@/lib/opinions/post-opinion";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { renderPageAs } from "../helpers/page-session";
import { refusal } from "../helpers/refusal";
import { first } from "@/db/query";

// The routes read the session secret from the environment; pages read the signed-in person and the
// language from the request, which here is the test's scope.
vi.hoisted(() => void (process.env.NEXTAUTH_SECRET = "inbox-test-secret"));
const session = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());

const notificationsRoute = await import("@/app/api/v1/notifications/route");
const readRoute = await import("@/app/api/v1/notifications/read/route");

let db: DB;
fileDb((d) => (db = d));

/** Two people of a community, a topic and a meeting to be told about. */
async function world() {
  const place = await makeCommunity(db);
  const me = await makePerson(db, place, "owner", { grid: "A" });
  const neighbour = await makePerson(db, place, "resident", { grid: "A" });
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "加装电梯" }).returning());
  // A row written by hand, not makeTopic: the tests count the notifications they deliver themselves,
  // and a topic brought through the use cases would deliver its own (threshold reached, admitted).
  const topic = await first(db
    .insert(topics)
    .values({
      communityId: place.community.id,
      gridId: place.gridA.id,
      agendaItemId: item.id,
      title: "3号楼加装电梯",
      descriptionJson: { type: "doc", content: [] },
      descriptionHtml: "",
      proposerId: me.id,
      state: "consulting",
      cosignThreshold: 5,
      cosignDeadline: new Date(Date.now() + 14 * 86_400_000),
    })
    .returning());
  const meeting = await first(db
    .insert(meetings)
    .values({ communityId: place.community.id, gridId: place.gridA.id, title: "五月网格议事会", startsAt: new Date(Date.now() + 86_400_000), createdBy: chief.id })
    .returning());
  return { place, me, neighbour, chief, topic, meeting };
}

/** Messages stamped a second apart, oldest first, so "newest first" is well defined. */
async function deliver(personId: number, items: { kind: (typeof notificationKinds)[number]; topicId?: number; meetingId?: number; data?: Record<string, string | number> }[]) {
  const base = Date.now() - items.length * 1000;
  return (await Promise.all(items.map(async (it, i) =>
    await first(db
      .insert(notifications)
      .values({ personId, kind: it.kind, topicId: it.topicId ?? null, meetingId: it.meetingId ?? null, data: it.data ?? null, createdAt: new Date(base + i * 1000) })
      .returning()),
  )));
}

describe("inbox", () => {
  test("lists only the reader's own messages, newest first, with titles joined and where each leads", async () => {
    const w = await world();
    const mine = await deliver(w.me.id, [
      { kind: "admitted", topicId: w.topic.id, data: { title: "旧标题" } },
      { kind: "meetingScheduled", topicId: w.topic.id, meetingId: w.meeting.id },
      { kind: "officialResponse", topicId: w.topic.id, data: { title: "3号楼加装电梯", organisation: "测试物业" } },
    ]);
    await deliver(w.neighbour.id, [{ kind: "invited", topicId: w.topic.id }]);

    const inbox = await listNotifications(await ctxAs(w.me), {});
    expect(inbox.total).toBe(3);
    expect(inbox.unreadCount).toBe(3);
    expect(inbox.messages.map((m) => m.id)).toEqual([mine[2]!.id, mine[1]!.id, mine[0]!.id]);
    expect(inbox.messages[0]).toMatchObject({ kind: "officialResponse", topicTitle: "3号楼加装电梯", read: false, href: `/topics/${w.topic.id}`, details: { organisation: "测试物业" } });
    expect(inbox.messages[1]).toMatchObject({ kind: "meetingScheduled", meetingTitle: "五月网格议事会", href: `/meetings/${w.meeting.id}` });
    // The topic's current title wins over the one stored with the message.
    expect(inbox.messages[2]).toMatchObject({ kind: "admitted", topicTitle: "3号楼加装电梯", href: `/topics/${w.topic.id}` });

    const theirs = await listNotifications(await ctxAs(w.neighbour), {});
    expect(theirs.messages.map((m) => m.kind)).toEqual(["invited"]);
    expect(await listNotifications(await ctxAs(w.chief), {})).toMatchObject({ total: 0, unreadCount: 0, messages: [] });
  });

  test("meeting news shows the meeting's title and time; a merged topic names where it went; a rejection its reason", async () => {
    const w = await world();
    const startsAt = Date.now() + 86_400_000;
    await deliver(w.me.id, [
      { kind: "meetingScheduled", topicId: w.topic.id, meetingId: w.meeting.id, data: { title: "五月网格议事会", startsAt } },
      { kind: "meetingChanged", meetingId: w.meeting.id, data: { title: "五月网格议事会", startsAt, cancelled: 1 } },
      { kind: "merged", topicId: w.topic.id, data: { title: "电梯加装（重复）", into: "3号楼加装电梯" } },
      { kind: "rejected", topicId: w.topic.id, data: { title: "3号楼加装电梯", reason: "不属于议事清单" } },
    ]);
    const [rejected, merged, cancelled, scheduled] = (await listNotifications(await ctxAs(w.me), {})).messages;
    expect(scheduled).toMatchObject({ topicTitle: "3号楼加装电梯", meetingTitle: "五月网格议事会", details: { startsAt: new Date(startsAt), cancelled: false } });
    expect(cancelled).toMatchObject({ meetingTitle: "五月网格议事会", details: { cancelled: true }, href: `/meetings/${w.meeting.id}` });
    expect(merged).toMatchObject({ topicTitle: "电梯加装（重复）", details: { mergedInto: "3号楼加装电梯" } });
    expect(rejected).toMatchObject({ details: { reason: "不属于议事清单", mergedInto: null } });
  });

  test("20 a page, the page clamped to the last one, and an unread-only view", async () => {
    const w = await world();
    const sent = await deliver(w.me.id, Array.from({ length: 25 }, () => ({ kind: "newOpinion" as const, topicId: w.topic.id })));
    const page1 = await listNotifications(await ctxAs(w.me), { page: "1" });
    expect({ n: page1.messages.length, pageCount: page1.pageCount, total: page1.total }).toEqual({ n: 20, pageCount: 2, total: 25 });
    const page2 = await listNotifications(await ctxAs(w.me), { page: 2 });
    expect(page2.messages.map((m) => m.id)).toEqual(sent.slice(0, 5).map((s) => s.id).reverse());
    expect((await listNotifications(await ctxAs(w.me), { page: 99 })).page).toBe(2);
    expect((await listNotifications(await ctxAs(w.me), { page: "nonsense" })).page).toBe(1);

    await markNotificationsRead(await ctxAs(w.me), { ids: sent.slice(0, 22).map((s) => s.id) });
    const unread = await listNotifications(await ctxAs(w.me), { unread: "1" });
    expect({ total: unread.total, unreadCount: unread.unreadCount, unreadOnly: unread.unreadOnly }).toEqual({ total: 3, unreadCount: 3, unreadOnly: true });
    expect(unread.messages.every((m) => !m.read)).toBe(true);
  });

  test("marking read touches only the reader's own messages; all at once when no ids are given", async () => {
    const w = await world();
    const mine = await deliver(w.me.id, [
      { kind: "admitted", topicId: w.topic.id },
      { kind: "invited", topicId: w.topic.id },
      { kind: "newOpinion", topicId: w.topic.id },
    ]);
    const [theirs] = await deliver(w.neighbour.id, [{ kind: "invited", topicId: w.topic.id }]);

    // Someone else's id in the list is simply not touched.
    expect(await markNotificationsRead(await ctxAs(w.me), { ids: [mine[0]!.id, theirs!.id] })).toEqual({ marked: 1, unreadCount: 2 });
    expect((await first(db.select().from(notifications).where(eq(notifications.id, theirs!.id))))!.readAt).toBeNull();
    expect(await markNotificationsRead(await ctxAs(w.me), {})).toEqual({ marked: 2, unreadCount: 0 });
    expect(await unreadCount(db, w.me.id)).toBe(0);
    expect(await unreadCount(db, w.neighbour.id)).toBe(1);
    expect(await markNotificationsRead(await ctxAs(w.me), {})).toEqual({ marked: 0, unreadCount: 0 });
    const audit = await db.select().from(events).where(and(eq(events.kind, "notifications.read"), eq(events.actorId, w.me.id)));
    expect(audit.map((e) => e.data)).toEqual([
      { count: 1, all: false },
      { count: 2, all: true },
    ]);
  });

  test("opening a message marks it read and says where it leads; someone else's is not found", async () => {
    const w = await world();
    const [meetingNews, topicNews] = await deliver(w.me.id, [
      { kind: "minutesPublished", meetingId: w.meeting.id },
      { kind: "newOpinion", topicId: w.topic.id },
    ]);
    const [theirs] = await deliver(w.neighbour.id, [{ kind: "invited", topicId: w.topic.id }]);
    expect(await openNotification(await ctxAs(w.me), { id: meetingNews!.id })).toEqual({ id: meetingNews!.id, href: `/meetings/${w.meeting.id}` });
    expect((await openNotification(await ctxAs(w.me), { id: topicNews!.id })).href).toBe(`/topics/${w.topic.id}`);
    expect(await unreadCount(db, w.me.id)).toBe(0);
    // Opening it again is fine and changes nothing.
    expect((await openNotification(await ctxAs(w.me), { id: topicNews!.id })).href).toBe(`/topics/${w.topic.id}`);

    const e = await refusal(async () => openNotification(await ctxAs(w.me), { id: theirs!.id }));
    expect({ status: e.status, key: e.messageKey }).toEqual({ status: 404, key: "notificationNotFound" });
    expect(await first(db.select().from(notifications).where(and(eq(notifications.id, theirs!.id), isNull(notifications.readAt))))).toBeDefined();
  });

  test("an opinion on my topic lands in my inbox, and an official response in my co-signers' too", async () => {
    const w = await world();
    await postOpinion(await ctxAs(w.neighbour), { topicId: w.topic.id, stance: "support", body: "支持加装电梯。" });
    await postOpinion(await ctxAs(w.chief), { topicId: w.topic.id, stance: "suggestion", body: "请先征求一楼住户意见。" });
    const inbox = await listNotifications(await ctxAs(w.me), {});
    expect(inbox.messages.map((m) => [m.kind, m.topicTitle])).toEqual([
      ["newOpinion", "3号楼加装电梯"],
      ["newOpinion", "3号楼加装电梯"],
    ]);
    expect((await listNotifications(await ctxAs(w.neighbour), {})).total).toBe(0);
  });

  test("where a message leads", () => {
    expect(notificationHref({ kind: "meetingChanged", topicId: 3, meetingId: 7 })).toBe("/meetings/7");
    expect(notificationHref({ kind: "invited", topicId: 3, meetingId: 7 })).toBe("/topics/3");
    expect(notificationHref({ kind: "meetingScheduled", topicId: null, meetingId: 7 })).toBe("/meetings/7");
    expect(notificationHref({ kind: "admitted", topicId: null, meetingId: null })).toBe("/inbox");
  });

  test("every kind of message reads well in both languages", () => {
    const params = { topic: "议题", meeting: "会议", organisation: "物业", into: "另一议题", task: "任务", reason: "理由" };
    for (const locale of ["zh-CN", "en"] as const) {
      const kinds = messages[locale].inbox.kinds as Record<string, string>;
      for (const kind of [...notificationKinds, "other"]) {
        expect(kinds[kind], `${locale} inbox.kinds.${kind}`).toBeTruthy();
        // Only the parameters the page passes are used.
        for (const m of kinds[kind]!.matchAll(/\{(\w+)\}/g)) expect(Object.keys(params)).toContain(m[1]);
      }
    }
  });
});

describe("inbox API", () => {
  function call(handler: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, { method = "GET", token, body, query = "" }: { method?: string; token: string; body?: unknown; query?: string }) {
    const req = new NextRequest(`http://localhost/api/v1/notifications${query}`, {
      method,
      headers: { "accept-language": "zh-CN", "content-type": "application/json", authorization: `Bearer ${token}` },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return handler(req, { params: Promise.resolve({}) });
  }

  test("GET lists the caller's messages (?unread=1), POST /read marks them", async () => {
    const w = await world();
    const token = (await issueApiToken(db, w.me.id)).token;
    const sent = await deliver(w.me.id, [
      { kind: "admitted", topicId: w.topic.id },
      { kind: "invited", topicId: w.topic.id },
    ]);
    await deliver(w.neighbour.id, [{ kind: "invited", topicId: w.topic.id }]);

    const list = await call(notificationsRoute.GET, { token });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { total: number; unreadCount: number; messages: { id: number; href: string }[] };
    expect({ total: body.total, unreadCount: body.unreadCount }).toEqual({ total: 2, unreadCount: 2 });
    expect(body.messages[0]!.href).toBe(`/topics/${w.topic.id}`);

    const marked = await call(readRoute.POST, { method: "POST", token, body: { ids: [sent[0]!.id] } });
    expect(await marked.json()).toEqual({ marked: 1, unreadCount: 1 });
    const unread = (await (await call(notificationsRoute.GET, { token, query: "?unread=1" })).json()) as { messages: { id: number }[] };
    expect(unread.messages.map((m) => m.id)).toEqual([sent[1]!.id]);

    const bad = await call(readRoute.POST, { method: "POST", token, body: { ids: ["x"] } });
    expect(bad.status).toBe(422);
    const all = await call(readRoute.POST, { method: "POST", token });
    expect(await all.json()).toEqual({ marked: 1, unreadCount: 0 });
  });
});

describe("the inbox page", () => {
  const render = (person: { id: number }, query: Record<string, string> = {}, locale: Locale = "zh-CN") =>
    renderPageAs(person, () => InboxPage({ searchParams: Promise.resolve(query) }), { locale });

  test("renders every kind in both languages, unread ones highlighted, with the unread count and pages", async () => {
    const w = await world();
    await deliver(w.neighbour.id, [{ kind: "invited", topicId: w.topic.id }]);
    await deliver(
      w.me.id,
      notificationKinds.map((kind) => ({
        kind,
        topicId: kind.startsWith("meeting") || kind === "minutesPublished" ? undefined : w.topic.id,
        meetingId: kind.startsWith("meeting") || kind === "minutesPublished" ? w.meeting.id : undefined,
        data: { title: "3号楼加装电梯", organisation: "测试物业", startsAt: Date.now() },
      })),
    );
    await markNotificationsRead(await ctxAs(w.me), { ids: [(await listNotifications(await ctxAs(w.me), {})).messages.at(-1)!.id] });

    // Every kind, over as many pages as it takes (20 a page).
    const pages = Math.ceil(notificationKinds.length / 20);
    const html = (await Promise.all(Array.from({ length: pages }, (_, i) => render(w.me, { page: String(i + 1) })))).join("\n");
    expect(html).toContain(`${notificationKinds.length - 1} 条未读`);
    expect(html).toContain("全部标为已读");
    expect(html).toContain("测试物业 对议题《3号楼加装电梯》作了官方回应");
    expect(html).toContain("议事会「五月网格议事会」的会议纪要已公布");
    expect(html.match(/badge-primary badge-sm/g)).toHaveLength(notificationKinds.length - 1);
    expect(html.match(/<li>/g)).toHaveLength(notificationKinds.length); // the neighbour's message is not among them
    for (const locale of locales) await render(w.me, { unread: "1" }, locale);

    await deliver(w.me.id, Array.from({ length: 20 }, () => ({ kind: "newOpinion" as const, topicId: w.topic.id })));
    const last = Math.ceil((notificationKinds.length + 20) / 20);
    const lastPage = await render(w.me, { page: String(last) });
    expect(lastPage).toContain(`第 ${last} / ${last} 页`);
    expect(lastPage).toContain("上一页");
  });
});
