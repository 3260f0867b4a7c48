import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, ballots, communities, notices, plans, resolutions } from "@/db/schema";
import { openApiDocument } from "@/lib/api/openapi";
import { getNotice } from "@/lib/notices/get-notice";
import { listNotices, NOTICES_PER_PAGE } from "@/lib/notices/list-notices";
import { lastDayOf } from "@/lib/notices/period";
import { topicResolutions } from "@/lib/notices/topic-resolutions";
import { proposeTopic } from "@/lib/topics/propose";
import { ctxAs, ctxSignedOut, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { refusal } from "../helpers/refusal";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

let db: DB;
fileDb((d) => (db = d));

const DAY = 86_400_000;
const NOW = new Date("2026-11-25T10:00:00+08:00");
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
let resolutionSeq = 0;

/** A community with a topic in each grid, as the ballot-closing code leaves them: plan, ballot, resolution. */
async function setup() {
  const place = await makeCommunity(db);
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "公共设施维修" }).returning());
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const resident = await makePerson(db, place, "resident", { grid: "A" });
  const topic = async (by: { id: number }, gridId: number, title: string) =>
    (await proposeTopic(await ctxAs(by), { gridId, agendaItemId: item.id, title, description: doc("需要大家一起商量解决的问题，请参与。") })).topicId;
  const topicA = await topic(chief, place.gridA.id, "3号楼加装电梯");
  const topicB = await topic(chiefB, place.gridB.id, "车棚改造方案");

  /** A resolution of the topic and, unless `post` is false, its notice on the board. */
  const resolve = async (topicId: number, o: { gridId?: number | null; publishedAt?: Date; until?: Date; post?: boolean; text?: string } = {}) => {
    const n = ++resolutionSeq;
    const plan = await first(db.insert(plans).values({ topicId, title: "实施方案", kind: "official", authorId: chief.id }).returning());
    const ballot = await first(db
      .insert(ballots)
      .values({ topicId, communityId: place.community.id, title: "表决", kind: "single", rule: "simpleMajority", electorateKind: "gridResidents", opensAt: at(-30), closesAt: at(-29), createdBy: chief.id })
      .returning());
    const text = o.text ?? `经本网格居民表决，同意实施第${n}号方案。\n实施单位：物业服务企业。`;
    const resolution = await first(db
      .insert(resolutions)
      .values({ topicId, ballotId: ballot.id, planId: plan.id, number: `${place.community.code}决〔2026〕${n}号`, title: `关于第${n}号事项的决议`, text })
      .returning());
    if (o.post === false) return { resolution, notice: null };
    const publishedAt = o.publishedAt ?? at(-1);
    const notice = await first(db
      .insert(notices)
      .values({
        communityId: place.community.id,
        gridId: o.gridId === undefined ? place.gridA.id : o.gridId,
        kind: "resolution",
        topicId,
        resolutionId: resolution.id,
        title: resolution.title,
        body: text,
        publishedAt,
        until: o.until ?? new Date(publishedAt.getTime() + 7 * DAY),
        createdBy: chief.id,
      })
      .returning());
    return { resolution, notice };
  };
  return { place, chief, resident, topicA, topicB, resolve };
}

describe("the notice board", () => {
  test("current notices (publishedAt ≤ now < until) newest first; expired ones in the archive; future ones nowhere — read signed out", async () => {
    const s = await setup();
    const older = (await s.resolve(s.topicA, { publishedAt: at(-3) })).notice!;
    const newer = (await s.resolve(s.topicA, { publishedAt: at(-1) })).notice!;
    const expired = (await s.resolve(s.topicA, { publishedAt: at(-10), until: at(-3) })).notice!;
    const endsNow = (await s.resolve(s.topicA, { publishedAt: at(-7), until: NOW })).notice!;
    const future = (await s.resolve(s.topicA, { publishedAt: at(1) })).notice!;
    const startsNow = (await s.resolve(s.topicA, { publishedAt: NOW })).notice!;

    const board = await listNotices(ctxSignedOut(), { communityId: s.place.community.id }, NOW);
    expect(board.current.map((n) => n.id)).toEqual([startsNow.id, newer.id, older.id]);
    expect(board.archive.items.map((n) => n.id)).toEqual([endsNow.id, expired.id]);
    expect([...board.current, ...board.archive.items].map((n) => n.id)).not.toContain(future.id);

    const card = board.current.find((n) => n.id === newer.id)!;
    expect(card).toMatchObject({ kind: "resolution", topicId: s.topicA, gridId: s.place.gridA.id, gridName: "第一网格", communityName: s.place.community.name });
    expect(card.resolutionNumber).toMatch(/决〔2026〕\d+号$/);
    expect(card.excerpt).not.toContain("\n");
    expect(Object.keys(card)).not.toContain("createdBy");
  });

  test("a long text is cut for the card", async () => {
    const s = await setup();
    const long = (await s.resolve(s.topicA, { text: "同意".repeat(200) })).notice!;
    const card = (await listNotices(ctxSignedOut(), { communityId: s.place.community.id }, NOW)).current.find((n) => n.id === long.id)!;
    expect(card.excerpt.endsWith("…")).toBe(true);
    expect(card.excerpt.length).toBe(161);
  });

  test("a grid's board shows its own notices and the community-wide ones, not the other grid's", async () => {
    const s = await setup();
    const inA = (await s.resolve(s.topicA, { gridId: s.place.gridA.id })).notice!;
    const inB = (await s.resolve(s.topicB, { gridId: s.place.gridB.id })).notice!;
    const wide = (await s.resolve(s.topicA, { gridId: null })).notice!;
    const ids = async (q: Record<string, unknown>) => (await listNotices(ctxSignedOut(), q, NOW)).current.map((n) => n.id).sort();
    expect(await ids({ gridId: String(s.place.gridA.id) })).toEqual([inA.id, wide.id].sort());
    expect(await ids({ gridId: s.place.gridB.id })).toEqual([inB.id, wide.id].sort());
    expect(await ids({ communityId: s.place.community.id })).toEqual([inA.id, inB.id, wide.id].sort());
    expect((await listNotices(ctxSignedOut(), { gridId: s.place.gridA.id }, NOW)).current.find((n) => n.id === wide.id)?.gridName).toBeNull();
    // Another community's notices never appear on this community's boards, and vice versa.
    const other = await setup();
    const elsewhere = (await other.resolve(other.topicA)).notice!;
    expect(await ids({ gridId: s.place.gridA.id })).not.toContain(elsewhere.id);
    expect(await ids({ communityId: other.place.community.id, gridId: s.place.gridA.id })).toEqual([]);
    expect(await ids({ gridId: 9_999_999 })).toEqual([]);
  });

  test("the archive comes a page at a time; archive=1 leaves out the current notices; a page past the end shows the last", async () => {
    const s = await setup();
    const expired = await inOrder(Array.from({ length: NOTICES_PER_PAGE + 5 }), async (_, i) => (await s.resolve(s.topicB, { gridId: s.place.gridB.id, publishedAt: at(-40 + i), until: at(-33 + i) })).notice!);
    const current = (await s.resolve(s.topicB, { gridId: s.place.gridB.id })).notice!;
    const q = { gridId: s.place.gridB.id };
    const first = await listNotices(ctxSignedOut(), q, NOW);
    expect(first.current.map((n) => n.id)).toEqual([current.id]);
    expect(first.archive).toMatchObject({ total: NOTICES_PER_PAGE + 5, page: 1, pages: 2 });
    expect(first.archive.items).toHaveLength(NOTICES_PER_PAGE);
    expect(first.archive.items[0]!.id).toBe(expired.at(-1)!.id); // newest first
    const second = await listNotices(ctxSignedOut(), { ...q, page: "2", archive: "1" }, NOW);
    expect(second.current).toEqual([]);
    expect(second.archive.items.map((n) => n.id)).toEqual(expired.slice(0, 5).reverse().map((n) => n.id));
    expect((await listNotices(ctxSignedOut(), { ...q, page: "99" }, NOW)).archive.page).toBe(2);
    expect((await listNotices(ctxSignedOut(), { ...q, page: "junk" }, NOW)).archive.page).toBe(1);
    await expect(listNotices(ctxSignedOut(), { gridId: "abc" }, NOW)).rejects.toThrow(ZodError);
  });
});

describe("one notice", () => {
  test("read signed out: number, resolution, topic title, grid, community, period — and no personal data", async () => {
    const s = await setup();
    const { notice, resolution } = await s.resolve(s.topicA);
    const view = await getNotice(ctxSignedOut(), { noticeId: String(notice!.id) }, NOW);
    expect(view).toEqual({
      id: notice!.id,
      kind: "resolution",
      title: resolution.title,
      body: resolution.text,
      resolution: { number: resolution.number, title: resolution.title },
      topic: { id: s.topicA, title: "3号楼加装电梯" },
      community: { id: s.place.community.id, name: s.place.community.name, letterhead: s.place.community.name },
      grid: { id: s.place.gridA.id, name: "第一网格" },
      publishedAt: notice!.publishedAt,
      until: notice!.until,
      status: "current",
    });
    expect(JSON.stringify(view)).not.toContain(s.chief.name);
    // A community set up with its district and street office carries them in the letterhead the printed notice heads with.
    await db.update(communities).set({ district: "城东区", street: "和平街道" }).where(eq(communities.id, s.place.community.id));
    expect((await getNotice(ctxSignedOut(), { noticeId: String(notice!.id) }, NOW)).community.letterhead).toBe(`城东区和平街道${s.place.community.name}`);
    expect((await getNotice(ctxSignedOut(), { noticeId: (await s.resolve(s.topicA, { publishedAt: at(-10), until: at(-3) })).notice!.id }, NOW)).status).toBe("ended");
    expect((await getNotice(ctxSignedOut(), { noticeId: (await s.resolve(s.topicA, { gridId: null })).notice!.id }, NOW)).grid).toBeNull();
  });

  test("a missing id, or a notice not yet published, is 404; a malformed id is invalid input", async () => {
    const s = await setup();
    const missing = await refusal(() => getNotice(ctxSignedOut(), { noticeId: 9_999_999 }, NOW));
    expect(missing.status).toBe(404);
    expect(missing.messageKey).toBe("noticeNotFound");
    const future = (await s.resolve(s.topicA, { publishedAt: at(2) })).notice!;
    expect((await refusal(() => getNotice(ctxSignedOut(), { noticeId: future.id }, NOW))).status).toBe(404);
    expect((await getNotice(ctxSignedOut(), { noticeId: future.id }, at(2))).id).toBe(future.id);
    await expect(getNotice(ctxSignedOut(), { noticeId: "x" }, NOW)).rejects.toThrow(ZodError);
  });

  test("the period ends on the day before an exclusive midnight end", () => {
    const until = new Date("2026-12-01T00:00:00+08:00");
    expect(lastDayOf(until).toISOString()).toBe(new Date("2026-11-30T23:59:59.999+08:00").toISOString());
  });
});

describe("a topic's resolutions", () => {
  test("each with its publication status and notice link, for those who may see the topic", async () => {
    const s = await setup();
    const posted = await s.resolve(s.topicA);
    const ended = await s.resolve(s.topicA, { publishedAt: at(-10), until: at(-3) });
    const scheduled = await s.resolve(s.topicA, { publishedAt: at(3) });
    const unposted = await s.resolve(s.topicA, { post: false });
    const rows = await topicResolutions(await ctxAs(s.resident), { topicId: s.topicA }, NOW);
    expect(rows.map((r) => [r.id, r.publication, r.noticeId])).toEqual([
      [posted.resolution.id, "current", posted.notice!.id],
      [ended.resolution.id, "ended", ended.notice!.id],
      [scheduled.resolution.id, "scheduled", null],
      [unposted.resolution.id, "unpublished", null],
    ]);
    expect(rows[0]!.number).toBe(posted.resolution.number);
    expect(rows[0]!.preview).not.toContain("\n");
    expect(await topicResolutions(await ctxAs(s.resident), { topicId: s.topicB }, NOW)).toEqual([]);
  });

  test("refused to the signed-out and to other communities", async () => {
    const s = await setup();
    await s.resolve(s.topicA);
    const other = await setup();
    expect((await refusal(async () => topicResolutions(await ctxAs(other.resident), { topicId: s.topicA }, NOW))).status).toBe(404);
  });
});

test("the API documents the board as public and the drafting steps as signed-in", () => {
  const paths = openApiDocument().paths as Record<string, Record<string, { security: unknown[] }>>;
  expect(paths["/api/v1/notices"]!.get!.security).toEqual([]);
  expect(paths["/api/v1/notices/{id}"]!.get!.security).toEqual([]);
  for (const p of ["start-drafting", "alternatives", "after-failed-vote"]) expect(paths[`/api/v1/topics/{id}/${p}`]!.post!.security).not.toEqual([]);
});
