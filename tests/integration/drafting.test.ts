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

let db: DB;
fileDb((d) => (db = d));

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const count = (table: typeof topicEvents | typeof events | typeof notifications) => db.select({ n: sql<number>`count(*)` }).from(table).get()!.n;
const topicRow = (id: number) => db.select().from(topics).where(eq(topics.id, id)).get()!;

/** Runs a refused step and checks that nothing at all was written. */
async function refusedWithoutWrites(topicId: number, fn: () => unknown): Promise<unknown> {
  const before = { row: topicRow(topicId), te: count(topicEvents), ev: count(events), n: count(notifications) };
  const error = await thrown(fn);
  expect(error).toBeDefined();
  expect({ row: topicRow(topicId), te: count(topicEvents), ev: count(events), n: count(notifications) }).toEqual(before);
  return error;
}

/**
 * A community with a resident-proposed topic co-signed by a neighbour and admitted at grid level:
 * the topic is in consultation, with a proposer and a co-signer to tell.
 */
async function setup(level: "grid" | "community" = "grid") {
  const place = makeCommunity(db);
  const cat = db.insert(agendaCategories).values({ communityId: place.community.id, name: "设施设备" }).returning().get();
  const item = db.insert(agendaItems).values({ categoryId: cat.id, name: "车棚维修", cosignThreshold: 2 }).returning().get();
  const proposer = makePerson(db, place, "resident", { grid: "A" });
  const neighbour = makePerson(db, place, "resident", { grid: "A" });
  const residentB = makePerson(db, place, "resident", { grid: "B" });
  const chief = makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = makePerson(db, place, "gridChief", { grid: "B" });
  const admin = makePerson(db, place, "communityAdmin");
  const { topicId } = await proposeTopic(ctxAs(proposer), { gridId: place.gridA.id, agendaItemId: item.id, title: "2号楼车棚漏雨维修", description: doc("车棚顶棚破损，下雨天电动车被淋湿，需要维修。") });
  await cosignTopic(ctxAs(neighbour), { topicId });
  await admitTopic(ctxAs(level === "grid" ? chief : admin), { topicId, level });
  expect(topicRow(topicId).state).toBe("consulting");
  return { place, proposer, neighbour, residentB, chief, chiefB, admin, topicId };
}

/** What the ballot-closing code does: a plan goes to a vote (drafting → voting), and the count fails it. */
async function failTheVote(topicId: number, staffId: number) {
  const topic = topicRow(topicId);
  db.insert(plans).values({ topicId, title: "维修方案", kind: "official", authorId: staffId }).run();
  await unitOfWork(db, async (tx) => {
    applyTransition(tx, topic, "openVoting", actorOf(tx, staffId));
    applyTransition(tx, { ...topic, state: "voting" }, "failVote", "system");
  });
  expect(topicRow(topicId).state).toBe("failed");
}

describe("starting plan drafting", () => {
  test("the grid chief moves a consulting topic to drafting, with a timeline entry and an event", async () => {
    const s = await setup();
    expect(await startDrafting(ctxAs(s.chief), { topicId: s.topicId })).toEqual({ topicId: s.topicId, state: "drafting" });
    expect(topicRow(s.topicId).state).toBe("drafting");
    const entry = db.select().from(topicEvents).where(eq(topicEvents.topicId, s.topicId)).all().at(-1)!;
    expect(entry).toMatchObject({ kind: "startDrafting", fromState: "consulting", toState: "drafting", actorId: s.chief.id });
    expect(db.select().from(events).where(eq(events.subjectId, s.topicId)).all().map((e) => e.kind)).toContain("topic.draftingStarted");
  });

  test("residents and the chief of another grid are refused (403); nothing is written", async () => {
    const s = await setup();
    for (const who of [s.proposer, s.neighbour, s.chiefB]) {
      const e = await refusedWithoutWrites(s.topicId, () => startDrafting(ctxAs(who), { topicId: s.topicId }));
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(403);
    }
  });

  test("from the wrong state: 409 and nothing written", async () => {
    const s = await setup();
    await startDrafting(ctxAs(s.chief), { topicId: s.topicId });
    const e = (await refusedWithoutWrites(s.topicId, () => startDrafting(ctxAs(s.chief), { topicId: s.topicId }))) as AppError;
    expect(e.status).toBe(409);
    expect(e.messageKey).toBe("topicIllegalTransition");
  });

  test("a community-level topic belongs to the community: the grid chief is refused, the community admin may", async () => {
    const s = await setup("community");
    expect((await refusal(() => startDrafting(ctxAs(s.chief), { topicId: s.topicId }))).status).toBe(403);
    expect((await startDrafting(ctxAs(s.admin), { topicId: s.topicId })).state).toBe("drafting");
  });

  test("an unknown topic is 404, a malformed id is invalid input", async () => {
    const s = await setup();
    expect((await refusal(() => startDrafting(ctxAs(s.chief), { topicId: 9_999_999 }))).status).toBe(404);
    await expect(startDrafting(ctxAs(s.chief), { topicId: "abc" })).rejects.toThrow(ZodError);
  });
});

describe("alternative plans (备选方案)", () => {
  test("the switch decides whether residents of the grid may draft plans (policy plan.draft)", async () => {
    const s = await setup();
    const mayDraft = (p: { id: number }) => can(actorOf(db, p.id), "plan.draft", topicResource(topicRow(s.topicId)));
    expect(mayDraft(s.neighbour)).toBe(false);
    expect(mayDraft(s.chief)).toBe(true);

    expect(await setAlternativesAllowed(ctxAs(s.chief), { topicId: s.topicId, allowed: true })).toEqual({ topicId: s.topicId, alternativesAllowed: true, changed: true });
    expect(topicRow(s.topicId).alternativesAllowed).toBe(true);
    expect(mayDraft(s.neighbour)).toBe(true);
    expect(mayDraft(s.residentB)).toBe(false); // another grid's residents still may not
    const kinds = () => db.select({ kind: topicEvents.kind }).from(topicEvents).where(eq(topicEvents.topicId, s.topicId)).all().map((e) => e.kind);
    expect(kinds().at(-1)).toBe("alternativesAllowed");

    // Still allowed once drafting has started.
    await startDrafting(ctxAs(s.chief), { topicId: s.topicId });
    expect(mayDraft(s.neighbour)).toBe(true);

    // Setting the value it already has is a no-op: nothing recorded.
    const before = { te: count(topicEvents), ev: count(events) };
    expect((await setAlternativesAllowed(ctxAs(s.chief), { topicId: s.topicId, allowed: true })).changed).toBe(false);
    expect({ te: count(topicEvents), ev: count(events) }).toEqual(before);

    expect((await setAlternativesAllowed(ctxAs(s.chief), { topicId: s.topicId, allowed: false })).changed).toBe(true);
    expect(kinds().at(-1)).toBe("alternativesClosed");
    expect(mayDraft(s.neighbour)).toBe(false);
    expect(db.select().from(events).where(eq(events.subjectId, s.topicId)).all().map((e) => e.kind)).toEqual(expect.arrayContaining(["topic.alternativesAllowed", "topic.alternativesClosed"]));
  });

  test("refusals write nothing: a resident (403), a topic outside consulting/drafting (409), a value that is not a boolean", async () => {
    const s = await setup();
    const e403 = (await refusedWithoutWrites(s.topicId, () => setAlternativesAllowed(ctxAs(s.neighbour), { topicId: s.topicId, allowed: true }))) as AppError;
    expect(e403.status).toBe(403);
    const invalid = await refusedWithoutWrites(s.topicId, () => setAlternativesAllowed(ctxAs(s.chief), { topicId: s.topicId, allowed: "yes" }));
    expect(invalid).toBeInstanceOf(ZodError);
    expect((invalid as ZodError).issues[0]!.message).toBe("alternativesAllowedRequired");
    await startDrafting(ctxAs(s.chief), { topicId: s.topicId });
    await failTheVote(s.topicId, s.chief.id);
    const e409 = (await refusedWithoutWrites(s.topicId, () => setAlternativesAllowed(ctxAs(s.chief), { topicId: s.topicId, allowed: true }))) as AppError;
    expect(e409.status).toBe(409);
    expect(e409.messageKey).toBe("alternativesStateInvalid");
  });
});

describe("after a failed vote", () => {
  async function failed() {
    const s = await setup();
    await startDrafting(ctxAs(s.chief), { topicId: s.topicId });
    await failTheVote(s.topicId, s.chief.id);
    return s;
  }

  test("redraft: back to drafting, the reason on the timeline, proposer and co-signer told", async () => {
    const s = await failed();
    expect(await decideAfterFailedVote(ctxAs(s.chief), { topicId: s.topicId, decision: "redraft", reason: "  预算超支，需要压缩  " })).toEqual({ topicId: s.topicId, decision: "redraft", state: "drafting" });
    expect(topicRow(s.topicId).state).toBe("drafting");
    const entry = db.select().from(topicEvents).where(eq(topicEvents.topicId, s.topicId)).all().at(-1)!;
    expect(entry).toMatchObject({ kind: "redraft", fromState: "failed", toState: "drafting", note: "预算超支，需要压缩" });
    const sent = db.select().from(notifications).where(eq(notifications.topicId, s.topicId)).all().filter((n) => n.kind === "redrafted");
    expect(sent.map((n) => n.personId).sort()).toEqual([s.proposer.id, s.neighbour.id].sort());
    expect(sent[0]!.data).toMatchObject({ reason: "预算超支，需要压缩" });
    expect(db.select().from(events).where(eq(events.subjectId, s.topicId)).all().map((e) => e.kind)).toContain("topic.redrafted");
  });

  test("closeFailed: the topic is closed, followers told", async () => {
    const s = await failed();
    expect((await decideAfterFailedVote(ctxAs(s.admin), { topicId: s.topicId, decision: "closeFailed", reason: "居民多数不同意，暂不实施" })).state).toBe("closed");
    expect(topicRow(s.topicId).state).toBe("closed");
    const sent = db.select().from(notifications).where(eq(notifications.topicId, s.topicId)).all().filter((n) => n.kind === "closedAfterVote");
    expect(sent.map((n) => n.personId).sort()).toEqual([s.proposer.id, s.neighbour.id].sort());
    expect(db.select().from(events).where(eq(events.subjectId, s.topicId)).all().map((e) => e.kind)).toContain("topic.closedAfterVote");
  });

  test("a reason is required (at least 2 characters) and the decision must be one of the two; nothing written", async () => {
    const s = await failed();
    for (const raw of [
      { decision: "redraft" },
      { decision: "redraft", reason: "" },
      { decision: "closeFailed", reason: " 否 " },
    ]) {
      const e = await refusedWithoutWrites(s.topicId, () => decideAfterFailedVote(ctxAs(s.chief), { topicId: s.topicId, ...raw }));
      expect(e).toBeInstanceOf(ZodError);
      expect((e as ZodError).issues.find((i) => i.path[0] === "reason")?.message).toBe("topicReasonRequired");
    }
    const bad = await refusedWithoutWrites(s.topicId, () => decideAfterFailedVote(ctxAs(s.chief), { topicId: s.topicId, decision: "reopen", reason: "理由充分" }));
    expect((bad as ZodError).issues[0]!.message).toBe("draftingDecisionRequired");
  });

  test("residents and another grid's chief are refused (403); a topic that did not fail is 409; nothing written", async () => {
    const s = await failed();
    for (const who of [s.proposer, s.neighbour, s.chiefB]) {
      const e = (await refusedWithoutWrites(s.topicId, () => decideAfterFailedVote(ctxAs(who), { topicId: s.topicId, decision: "closeFailed", reason: "不想再议" }))) as AppError;
      expect(e.status).toBe(403);
    }
    const other = await setup();
    const e409 = (await refusedWithoutWrites(other.topicId, () => decideAfterFailedVote(ctxAs(other.chief), { topicId: other.topicId, decision: "redraft", reason: "重新起草" }))) as AppError;
    expect(e409.status).toBe(409);
    expect(e409.messageKey).toBe("topicIllegalTransition");
  });
});
