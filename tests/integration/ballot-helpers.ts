import type { DB } from "@/db/client";
import { cosigns, people, planRevisions, plans, type VoteRule } from "@/db/schema";
import { makeCommunity, makeItem, makePerson, insertTopicRow } from "../helpers/factory";
import { pngBytes } from "../helpers/images";
import { first } from "@/db/query";

/**
 * Fixtures shared by the ballot suites that came after ballots.test.ts (proxies, the developer's
 * units): a community with staff and a topic in drafting with one frozen-ready plan. Each suite passes
 * its own database.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-03-02 09:00 in Beijing. */
export const T0 = new Date(Date.UTC(2026, 2, 2, 1, 0));
export const at = (ms: number) => new Date(T0.getTime() + ms);
export const CLOSES = at(7 * DAY);

/** A proxy's scanned form, as the chief uploads it. */
export const png = () => new File([pngBytes()], "委托书.png", { type: "image/png" });

let seq = 0;
/** A verified person with no role (owners get theirs from the suite's own units). */
export async function bareperson(db: DB, name: string) {
  const n = ++seq;
  return await first(db
    .insert(people)
    .values({ phone: `136${String(n).padStart(8, "0")}`, passwordHash: "x", name, displayNumber: `BH-${n}`, status: "verified" })
    .returning());
}

/** A community with staff of grid A, a topic of grid A in drafting on an item with the given rule, and one plan. */
export async function ballotWorld(db: DB, opts: { itemRule?: VoteRule } = {}) {
  const place = await makeCommunity(db);
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const worker = await makePerson(db, place, "gridWorker", { grid: "A" });
  const proposer = await makePerson(db, place, "resident", { grid: "A" });
  const item = await makeItem(db, place, { name: "加装电梯", defaultVoteRule: opts.itemRule ?? "simpleMajority" });
  // By hand, not makeTopic: a resident's topic needs a co-signer living in the grid, who would join the electorates these suites count.
  const topic = await insertTopicRow(db, place, { agendaItemId: item.id, title: "加装电梯", proposerId: proposer.id, state: "drafting", cosignThreshold: 1, cosignCount: 1, cosignDeadline: at(30 * DAY) });
  await db.insert(cosigns).values({ topicId: topic.id, personId: proposer.id });
  const plan = await first(db.insert(plans).values({ topicId: topic.id, title: "加装电梯方案", kind: "official", authorId: chief.id, organisationId: place.propertyFirm.id, currentRevision: 1 }).returning());
  await db.insert(planRevisions).values({ planId: plan.id, number: 1, authorId: chief.id, bodyJson: {}, bodyHtml: "<p>加装一部电梯</p>", budgetFen: 1, milestones: [] });
  return { place, chief, worker, proposer, topic, plan };
}
