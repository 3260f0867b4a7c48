import { desc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import type { AppError } from "@/lib/errors";
import { topicEvents, topics, type Topic } from "@/db/schema";
import type { StepTaker } from "@/lib/auth/policy";
import type { TopicLevel, TopicTransition, TopicTransitionInput } from "@/lib/domain/topic-state-machine";
import { admitTopic } from "@/lib/topics/admit";
import { applyTransition, checkTransition } from "@/lib/topics/apply-transition";
import { proposeTopic } from "@/lib/topics/propose";
import { startDrafting } from "@/lib/topics/start-drafting";
import { actorOf, fileDb } from "../helpers/db";
import { makeCommunity, makeItem, makePerson } from "../helpers/factory";
import { refusal } from "../helpers/refusal";
import { inOrder } from "../helpers/in-order";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/**
 * A step of a topic's life asks three layers, in a fixed order, so the caller hears the most
 * fundamental problem first: the state machine whether the step may follow the topic's state
 * (409), the policy whether this person owns the topic or the system may record it (403), the zod
 * schemas whether the data is good (422, on the field), the machine whether the facts allow it
 * (409). These orderings were asserted on the machine alone while it also judged people and data.
 */
let db: DB;
fileDb((d) => (db = d));

async function setup() {
  const place = await makeCommunity(db);
  const [chief, admin, resident, owner] = await inOrder(["gridChief", "communityAdmin", "resident", "owner"] as const, async (role) => actorOf(db, (await makePerson(db, place, role, { grid: "A" })).id));
  const as = (actor: typeof chief) => ({ db, actor: actor! });
  const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "电动车停在楼道里，堵住了消防通道，需要大家一起商量。" }] }] };
  /** A topic of grid A brought to `state` through the use cases: a resident's collects co-signatures, the chief's goes to admission. */
  async function topicIn(state: "proposed" | "awaitingAdmission" | "consulting" | "drafting", level: TopicLevel = "grid") {
    const item = await makeItem(db, place, { name: "公共设施维修", cosignThreshold: 2 });
    const { topicId } = await proposeTopic(as(state === "proposed" ? resident : chief), { gridId: place.gridA.id, agendaItemId: item.id, title: "楼道电动车停放整治", description: doc });
    const staff = level === "grid" ? chief : admin;
    if (state === "consulting" || state === "drafting") await admitTopic(as(staff), { topicId, level });
    if (state === "drafting") await startDrafting(as(staff), { topicId });
    return (await first(db.select().from(topics).where(eq(topics.id, topicId))))!;
  }
  return { chief: chief!, admin: admin!, resident: resident!, owner: owner!, topicIn };
}

const fresh = async (t: Topic) => (await first(db.select().from(topics).where(eq(topics.id, t.id))))!;
const check = (t: Topic, name: TopicTransition, who: StepTaker, input: TopicTransitionInput = {}) => async () => checkTransition(db, await fresh(t), name, who, input);
const summary = (e: AppError) => ({ status: e.status, key: e.messageKey, fields: e.fieldErrors });
/** The refusal a check or a step run through the unit of work (both promises) ended in. */
const refused = async (fn: () => Promise<unknown>) => summary(await refusal(fn));

describe("the order of the layers", () => {
  test("the state first: an illegal step is 409 even for a stranger with no data", async () => {
    const s = await setup();
    const consulting = await s.topicIn("consulting");
    expect(await refused(check(consulting, "reject", s.resident))).toEqual({ status: 409, key: "topicIllegalTransition", fields: {} });
    expect(await refused(check(consulting, "passVote", "system"))).toEqual({ status: 409, key: "topicIllegalTransition", fields: {} });
  });

  test("then who: the wrong taker is 403 before missing data or a failing precondition", async () => {
    const s = await setup();
    const proposed = await s.topicIn("proposed");
    const awaiting = await s.topicIn("awaitingAdmission");
    const consulting = await s.topicIn("consulting");
    const drafting = await s.topicIn("drafting");
    const notAllowed = { status: 403, key: "topicNotAllowed", fields: {} };
    expect(await refused(check(proposed, "reject", s.resident))).toEqual(notAllowed);
    expect(await refused(check(awaiting, "admit", s.owner))).toEqual(notAllowed);
    expect(await refused(check(consulting, "merge", "system", { mergeIntoTopicId: consulting.id }))).toEqual(notAllowed);
    expect(await refused(check(drafting, "openVoting", s.resident))).toEqual(notAllowed);
    // Co-signing is short of its threshold; only the system records reaching it.
    expect(await refused(check(proposed, "reachThreshold", s.chief))).toEqual(notAllowed);
  });

  test("a community-level topic is community staff's: the grid chief is refused before the precondition", async () => {
    const s = await setup();
    const escalated = await s.topicIn("consulting", "community");
    expect(await refused(check(escalated, "escalate", s.chief))).toEqual({ status: 403, key: "topicNotAllowed", fields: {} });
    expect(await refused(check(escalated, "escalate", s.admin))).toEqual({ status: 409, key: "topicAlreadyCommunityLevel", fields: {} });
    expect(await checkTransition(db, await fresh(escalated), "startDrafting", s.admin)).toMatchObject({ ok: true, to: "drafting" });
  });

  test("then the data, judged by the zod schemas, answered on its field", async () => {
    const s = await setup();
    const proposed = await s.topicIn("proposed");
    const awaiting = await s.topicIn("awaitingAdmission");
    for (const reason of [undefined, " ", "x", "否"]) {
      expect(await refused(check(proposed, "reject", s.chief, { reason })), JSON.stringify(reason)).toEqual({ status: 422, key: "topicReasonRequired", fields: { reason: "topicReasonRequired" } });
    }
    expect(await refused(check(proposed, "merge", s.chief, { mergeIntoTopicId: proposed.id }))).toEqual({
      status: 422,
      key: "topicMergeIntoSelf",
      fields: { mergeIntoTopicId: "topicMergeIntoSelf" },
    });
    expect(await refused(check(proposed, "merge", s.chief, { mergeIntoTopicId: 0 }))).toMatchObject({ status: 422, key: "topicMergeTargetRequired" });
    expect(await refused(check(awaiting, "admit", s.chief, { level: "city" as "grid" }))).toEqual({ status: 422, key: "topicLevelRequired", fields: { level: "topicLevelRequired" } });
    expect(await checkTransition(db, await fresh(proposed), "reject", s.chief, { reason: "不行" })).toMatchObject({ ok: true, to: "rejected" });
  });
});

describe("applyTransition", () => {
  const lastEvent = async (t: Topic) => (await first(db.select().from(topicEvents).where(eq(topicEvents.topicId, t.id)).orderBy(desc(topicEvents.id))))!;

  test("records the person who took the step, or nobody for the system's", async () => {
    const s = await setup();
    const awaiting = await s.topicIn("awaitingAdmission");
    await unitOfWork(db, async (tx) => void await applyTransition(tx, await fresh(awaiting), "admit", s.chief, { level: "community" }));
    expect(await fresh(awaiting)).toMatchObject({ state: "consulting", level: "community" });
    expect(await lastEvent(awaiting)).toMatchObject({ kind: "admit", actorId: s.chief.personId, data: { level: "community" } });

    const proposed = await s.topicIn("proposed");
    const late = new Date((await fresh(proposed)).cosignDeadline.getTime() + 1);
    await unitOfWork(db, async (tx) => void await applyTransition(tx, await fresh(proposed), "expire", "system", { now: late }));
    expect((await fresh(proposed)).state).toBe("expired");
    expect(await lastEvent(proposed)).toMatchObject({ kind: "expire", actorId: null });
  });

  test("writes nothing when a layer refuses", async () => {
    const s = await setup();
    const proposed = await s.topicIn("proposed");
    const before = { row: await fresh(proposed), events: (await db.select().from(topicEvents).where(eq(topicEvents.topicId, proposed.id))).length };
    expect(await refused(() => unitOfWork(db, async (tx) => void await applyTransition(tx, await fresh(proposed), "reject", s.resident, { reason: "重复议题" })))).toMatchObject({ status: 403 });
    expect(await refused(() => unitOfWork(db, async (tx) => void await applyTransition(tx, await fresh(proposed), "reject", s.chief, { reason: " " })))).toMatchObject({ status: 422 });
    expect({ row: await fresh(proposed), events: (await db.select().from(topicEvents).where(eq(topicEvents.topicId, proposed.id))).length }).toEqual(before);
  });
});
