import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, events, notifications, plans, topicEvents, topics } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { admitTopic } from "@/lib/topics/admit";
import { applyTransition } from "@/lib/topics/apply-transition";
import { topicResource } from "@/lib/topics/access";
import { cosignTopic } from "@/lib/topics/cosign";
import { decideAfterFailedVote } from "@/lib/topics/decide-after-failed-vote";
import { proposeTopic } from "@/lib/topics/propose";
import { setAlternativesAllowed } from "@/lib/topics/set-alternatives-allowed";
import { startDrafting } from "@/lib/topics/start-drafting";
import { actorOf, ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { refusal, thrown } from "../helpers/refusal";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

let db: DB;
fileDb((d) => (db = d));

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const count = async (table: typeof topicEvents | typeof events | typeof notifications) => (await first(db.select({ n: sql<number>`count(*)` }).from(table)))!.n;
const topicRow = async (id: number) => (await first(db.select().from(topics).where(eq(topics.id, id))))!;

/** Runs a refused step and checks that nothing at all was written. */
async function refusedWithoutWrites(topicId: number, fn: () => unknown): Promise<unknown> {
  const before = { row: await topicRow(topicId), te: await count(topicEvents), ev: await count(events), n: await count(notifications) };
  const error = await thrown(fn);
  expect(error).toBeDefined();
  expect({ row: await topicRow(topicId), te: await count(topicEvents), ev: await count(events), n: await count(notifications) }).toEqual(before);
  return error;
}

/**
 * A community with a resident-proposed topic co-signed by a neighbour and admitted at grid level:
 * the topic is in consultation, with a proposer and a co-signer to tell.
 */
async function setup(level: "grid" | "community" = "grid") {
  const place = await makeCommunity(db);
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "车棚维修", cosignThreshold: 2 }).returning());
  const proposer = await makePerson(db, place, "resident", { grid: "A" });
  const neighbour = await makePerson(db, place, "resident", { grid: "A" });
  const residentB = await makePerson(db, place, "resident", { grid: "B" });
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const admin = await makePerson(db, place, "communityAdmin");
  const { topicId } = await proposeTopic(await ctxAs(proposer), { gridId: place.gridA.id, agendaItemId: item.id, title: "2号楼车棚漏雨维修", description: doc("车棚顶棚破损，下雨天电动车被淋湿，需要维修。") });
  await cosignTopic(await ctxAs(neighbour), { topicId });
  await admitTopic(await ctxAs(level === "grid" ? chief : admin), { topicId, level });
  expect((await topicRow(topicId)).state).toBe("consulting");
  return { place, proposer, neighbour, residentB, chief, chiefB, admin, topicId };
}

/** What the ballot-closing code does: a plan goes to a vote (drafting → voting), and the count fails it. */
async function failTheVote(topicId: number, staffId: number) {
  const topic = await topicRow(topicId);
  await db.insert(plans).values({ topicId, title: "维修方案", kind: "official", authorId: staffId });
  await unitOfWork(db, async (tx) => {
    await applyTransition(tx, topic, "openVoting", await actorOf(tx, staffId));
    await applyTransition(tx, { ...topic, state: "voting" }, "failVote", "system");
  });
  expect((await topicRow(topicId)).state).toBe("failed");
}

describe("starting plan drafting", () => {
  test("the grid chief moves a consulting topic to drafting, with a timeline entry and an event", async () => {
    const s = await setup();
    expect(await startDrafting(await ctxAs(s.chief), { topicId: s.topicId })).toEqual({ topicId: s.topicId, state: "drafting" });
    expect((await topicRow(s.topicId)).state).toBe("drafting");
    const entry = (await db.select().from(topicEvents).where(eq(topicEvents.topicId, s.topicId))).at(-1)!;
    expect(entry).toMatchObject({ kind: "startDrafting", fromState: "consulting", toState: "drafting", actorId: s.chief.id });
    expect((await db.select().from(events).where(eq(events.subjectId, s.topicId))).map((e) => e.kind)).toContain("topic.draftingStarted");
  });

  test("residents and the chief of another grid are refused (403); nothing is written", async () => {
    const s = await setup();
    for (const who of [s.proposer, s.neighbour, s.chiefB]) {
      const e = await refusedWithoutWrites(s.topicId, async () => startDrafting(await ctxAs(who), { topicId: s.topicId }));
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(403);
    }
  });

  test("from the wrong state: 409 and nothing written", async () => {
    const s = await setup();
    await startDrafting(await ctxAs(s.chief), { topicId: s.topicId });
    const e = (await refusedWithoutWrites(s.topicId, async () => startDrafting(await ctxAs(s.chief), { topicId: s.topicId }))) as AppError;
    expect(e.status).toBe(409);
    expect(e.messageKey).toBe("topicIllegalTransition");
  });

  test("a community-level topic belongs to the community: the grid chief is refused, the community admin may", async () => {
    const s = await setup("community");
    expect((await refusal(async () => startDrafting(await ctxAs(s.chief), { topicId: s.topicId }))).status).toBe(403);
    expect((await startDrafting(await ctxAs(s.admin), { topicId: s.topicId })).state).toBe("drafting");
  });

  test("an unknown topic is 404, a malformed id is invalid input", async () => {
    const s = await setup();
    expect((await refusal(async () => startDrafting(await ctxAs(s.chief), { topicId: 9_999_999 }))).status).toBe(404);
    await expect(startDrafting(await ctxAs(s.chief), { topicId: "abc" })).rejects.toThrow(ZodError);
  });
});

describe("alternative plans (备选方案)", () => {
  test("the switch decides whether residents of the grid may draft plans (policy plan.draft)", async () => {
    const s = await setup();
    const mayDraft = async (p: { id: number }) => can(await actorOf(db, p.id), "plan.draft", topicResource(await topicRow(s.topicId)));
    expect(await mayDraft(s.neighbour)).toBe(false);
    expect(await mayDraft(s.chief)).toBe(true);

    expect(await setAlternativesAllowed(await ctxAs(s.chief), { topicId: s.topicId, allowed: true })).toEqual({ topicId: s.topicId, alternativesAllowed: true, changed: true });
    expect((await topicRow(s.topicId)).alternativesAllowed).toBe(true);
    expect(await mayDraft(s.neighbour)).toBe(true);
    expect(await mayDraft(s.residentB)).toBe(false); // another grid's residents still may not
    const kinds = async () => (await db.select({ kind: topicEvents.kind }).from(topicEvents).where(eq(topicEvents.topicId, s.topicId))).map((e) => e.kind);
    expect((await kinds()).at(-1)).toBe("alternativesAllowed");

    // Still allowed once drafting has started.
    await startDrafting(await ctxAs(s.chief), { topicId: s.topicId });
    expect(await mayDraft(s.neighbour)).toBe(true);

    // Setting the value it already has is a no-op: nothing recorded.
    const before = { te: await count(topicEvents), ev: await count(events) };
    expect((await setAlternativesAllowed(await ctxAs(s.chief), { topicId: s.topicId, allowed: true })).changed).toBe(false);
    expect({ te: await count(topicEvents), ev: await count(events) }).toEqual(before);

    expect((await setAlternativesAllowed(await ctxAs(s.chief), { topicId: s.topicId, allowed: false })).changed).toBe(true);
    expect((await kinds()).at(-1)).toBe("alternativesClosed");
    expect(await mayDraft(s.neighbour)).toBe(false);
    expect((await db.select().from(events).where(eq(events.subjectId, s.topicId))).map((e) => e.kind)).toEqual(expect.arrayContaining(["topic.alternativesAllowed", "topic.alternativesClosed"]));
  });

  test("refusals write nothing: a resident (403), a topic outside consulting/drafting (409), a value that is not a boolean", async () => {
    const s = await setup();
    const e403 = (await refusedWithoutWrites(s.topicId, async () => setAlternativesAllowed(await ctxAs(s.neighbour), { topicId: s.topicId, allowed: true }))) as AppError;
    expect(e403.status).toBe(403);
    const invalid = await refusedWithoutWrites(s.topicId, async () => setAlternativesAllowed(await ctxAs(s.chief), { topicId: s.topicId, allowed: "yes" }));
    expect(invalid).toBeInstanceOf(ZodError);
    expect((invalid as ZodError).issues[0]!.message).toBe("alternativesAllowedRequired");
    await startDrafting(await ctxAs(s.chief), { topicId: s.topicId });
    await failTheVote(s.topicId, s.chief.id);
    const e409 = (await refusedWithoutWrites(s.topicId, async () => setAlternativesAllowed(await ctxAs(s.chief), { topicId: s.topicId, allowed: true }))) as AppError;
    expect(e409.status).toBe(409);
    expect(e409.messageKey).toBe("alternativesStateInvalid");
  });
});

describe("after a failed vote", () => {
  async function failed() {
    const s = await setup();
    await startDrafting(await ctxAs(s.chief), { topicId: s.topicId });
    await failTheVote(s.topicId, s.chief.id);
    return s;
  }

  test("redraft: back to drafting, the reason on the timeline, proposer and co-signer told", async () => {
    const s = await failed();
    expect(await decideAfterFailedVote(await ctxAs(s.chief), { topicId: s.topicId, decision: "redraft", reason: "  预算超支，需要压缩  " })).toEqual({ topicId: s.topicId, decision: "redraft", state: "drafting" });
    expect((await topicRow(s.topicId)).state).toBe("drafting");
    const entry = (await db.select().from(topicEvents).where(eq(topicEvents.topicId, s.topicId))).at(-1)!;
    expect(entry).toMatchObject({ kind: "redraft", fromState: "failed", toState: "drafting", note: "预算超支，需要压缩" });
    const sent = (await db.select().from(notifications).where(eq(notifications.topicId, s.topicId))).filter((n) => n.kind === "redrafted");
    expect(sent.map((n) => n.personId).sort()).toEqual([s.proposer.id, s.neighbour.id].sort());
    expect(sent[0]!.data).toMatchObject({ reason: "预算超支，需要压缩" });
    expect((await db.select().from(events).where(eq(events.subjectId, s.topicId))).map((e) => e.kind)).toContain("topic.redrafted");
  });

  test("closeFailed: the topic is closed, followers told", async () => {
    const s = await failed();
    expect((await decideAfterFailedVote(await ctxAs(s.admin), { topicId: s.topicId, decision: "closeFailed", reason: "居民多数不同意，暂不实施" })).state).toBe("closed");
    expect((await topicRow(s.topicId)).state).toBe("closed");
    const sent = (await db.select().from(notifications).where(eq(notifications.topicId, s.topicId))).filter((n) => n.kind === "closedAfterVote");
    expect(sent.map((n) => n.personId).sort()).toEqual([s.proposer.id, s.neighbour.id].sort());
    expect((await db.select().from(events).where(eq(events.subjectId, s.topicId))).map((e) => e.kind)).toContain("topic.closedAfterVote");
  });

  test("a reason is required (at least 2 characters) and the decision must be one of the two; nothing written", async () => {
    const s = await failed();
    for (const raw of [
      { decision: "redraft" },
      { decision: "redraft", reason: "" },
      { decision: "closeFailed", reason: " 否 " },
    ]) {
      const e = await refusedWithoutWrites(s.topicId, async () => decideAfterFailedVote(await ctxAs(s.chief), { topicId: s.topicId, ...raw }));
      expect(e).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues.find((i) => i.path[0] === "reason")?.message).toBe("topicReasonRequired");
    }
    const bad = await refusedWithoutWrites(s.topicId, async () => decideAfterFailedVote(await ctxAs(s.chief), { topicId: s.topicId, decision: "reopen", reason: "理由充分" }));
    expect((bad as ZodError).issues[0]!.message).toBe("draftingDecisionRequired");
  });

  test("residents and another grid's chief are refused (403); a topic that did not fail is 409; nothing written", async () => {
    const s = await failed();
    for (const who of [s.proposer, s.neighbour, s.chiefB]) {
      const e = (await refusedWithoutWrites(s.topicId, async () => decideAfterFailedVote(await ctxAs(who), { topicId: s.topicId, decision: "closeFailed", reason: "不想再议" }))) as AppError;
      expect(e.status).toBe(403);
    }
    const other = await setup();
    const e409 = (await refusedWithoutWrites(other.topicId, async () => decideAfterFailedVote(await ctxAs(other.chief), { topicId: other.topicId, decision: "redraft", reason: "重新起草" }))) as AppError;
    expect(e409.status).toBe(409);
    expect(e409.messageKey).toBe("topicIllegalTransition");
  });
});
