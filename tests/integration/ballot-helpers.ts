import { expect } from "vitest";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, cosigns, people, planRevisions, plans, topics, type VoteRule } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { actorOf } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";

/**
 * Fixtures shared by the ballot suites that came after ballots.test.ts (proxies, the developer's
 * units): a community with staff, a topic in drafting with one frozen-ready plan, and helpers to
 * expect a refusal. Each suite passes its own database.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2026-03-02 09:00 in Beijing. */
export const T0 = new Date(Date.UTC(2026, 2, 2, 1, 0));
export const at = (ms: number) => new Date(T0.getTime() + ms);
export const CLOSES = at(7 * DAY);

export const ctxOf = (db: DB) => (p: { id: number }): Ctx => ({ db, actor: actorOf(db, p.id) });

/** A real 1×1 PNG: scans are decoded and re-encoded, so a header alone would not do. */
const pngBytes = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63382127070002b6010534a675aa0000000049454e44ae426082",
  "hex",
);
export const png = () => new File([new Uint8Array(pngBytes)], "委托书.png", { type: "image/png" });

export async function refusalOf(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal, the call succeeded");
}

export async function expectRefusal(fn: () => unknown, status: number, key: string): Promise<AppError> {
  const e = await refusalOf(fn);
  expect({ status: e.status, key: e.messageKey }).toEqual({ status, key });
  return e;
}

let seq = 0;
/** A verified person with no role (owners get theirs from the suite's own units). */
export function bareperson(db: DB, name: string) {
  const n = ++seq;
  return db
    .insert(people)
    .values({ phone: `136${String(n).padStart(8, "0")}`, passwordHash: "x", name, displayNumber: `BH-${n}`, status: "verified" })
    .returning()
    .get();
}

/** A community with staff of grid A, a topic of grid A in drafting on an item with the given rule, and one plan. */
export function ballotWorld(db: DB, opts: { itemRule?: VoteRule } = {}) {
  const place = makeCommunity(db);
  const chief = makePerson(db, place, "gridChief", { grid: "A" });
  const worker = makePerson(db, place, "gridWorker", { grid: "A" });
  const proposer = makePerson(db, place, "resident", { grid: "A" });
  const category = db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning().get();
  const item = db.insert(agendaItems).values({ categoryId: category.id, name: "加装电梯", defaultVoteRule: opts.itemRule ?? "simpleMajority" }).returning().get();
  const topic = db
    .insert(topics)
    .values({
      communityId: place.community.id,
      gridId: place.gridA.id,
      agendaItemId: item.id,
      title: "加装电梯",
      descriptionJson: { type: "doc", content: [] },
      descriptionHtml: "",
      proposerId: proposer.id,
      state: "drafting",
      level: "grid",
      cosignThreshold: 1,
      cosignCount: 1,
      cosignDeadline: at(30 * DAY),
    })
    .returning()
    .get();
  db.insert(cosigns).values({ topicId: topic.id, personId: proposer.id }).run();
  const plan = db.insert(plans).values({ topicId: topic.id, title: "加装电梯方案", kind: "official", authorId: chief.id, organisationId: place.propertyFirm.id, currentRevision: 1 }).returning().get();
  db.insert(planRevisions).values({ planId: plan.id, number: 1, authorId: chief.id, bodyJson: {}, bodyHtml: "<p>加装一部电梯</p>", budgetFen: 1, milestones: [] }).run();
  return { place, chief, worker, proposer, topic, plan };
}
