import { describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { roleKinds, topics, type RoleKind } from "@/db/schema";
import { listTopics } from "@/lib/topics/list-topics";
import { topicStaffIds } from "@/lib/topics/staff-of-topic";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makeItem, makePerson } from "../helpers/factory";
import { first } from "@/db/query";

/**
 * The owner rule (小事不出网格、大事不出社区) as the database queries answer it: who is told as the
 * topic's staff (topicStaffIds) and which topics wait for a person's admission ("awaitingMe"),
 * against the same hand-written rule as tests/unit/topic-owner-rule.test.ts, for every role ×
 * topic level × place. Written against the queries' own copies of the rule before they read the
 * policy's, so that the change provably answers the same.
 */
let db: DB;
fileDb((d) => (db = d));

type Place = "ownGrid" | "otherGrid" | "otherCommunity";
const levels = ["grid", "community"] as const;

async function world() {
  const home = await makeCommunity(db);
  const away = await makeCommunity(db);
  const proposer = await makePerson(db, home, "resident", { grid: "A" });
  const awayProposer = await makePerson(db, away, "resident", { grid: "A" });
  const item = await makeItem(db, home, { name: "公共设施维修" });
  const awayItem = await makeItem(db, away, { name: "公共设施维修" });
  const where: Record<Place, { communityId: number; gridId: number; proposerId: number; agendaItemId: number }> = {
    ownGrid: { communityId: home.community.id, gridId: home.gridA.id, proposerId: proposer.id, agendaItemId: item.id },
    otherGrid: { communityId: home.community.id, gridId: home.gridB.id, proposerId: proposer.id, agendaItemId: item.id },
    otherCommunity: { communityId: away.community.id, gridId: away.gridA.id, proposerId: awayProposer.id, agendaItemId: awayItem.id },
  };
  // Topics waiting for admission at each place and level. Written as rows: the use cases admit
  // only at the grid level, and a community-level topic waiting for admission is what tells the
  // two halves of the rule apart.
  const topicAt = {} as Record<Place, Record<(typeof levels)[number], typeof topics.$inferSelect>>;
  for (const place of Object.keys(where) as Place[]) {
    topicAt[place] = {} as (typeof topicAt)[Place];
    for (const level of levels) {
      topicAt[place][level] = await first(db
        .insert(topics)
        .values({
          ...where[place],
          title: `${place} ${level}`,
          descriptionJson: { type: "doc", content: [] },
          descriptionHtml: "",
          state: "awaitingAdmission",
          level,
          cosignThreshold: 2,
          cosignDeadline: new Date(Date.now() + 86_400_000),
        })
        .returning());
    }
  }
  return { home, topicAt };
}

/** The rule, by hand: community admins own every topic of their community; grid staff the grid-level topics of their grid. Everyone here lives in grid A of the home community. */
const owns = (role: RoleKind, place: Place, level: "grid" | "community") =>
  place !== "otherCommunity" && (role === "communityAdmin" || ((role === "gridChief" || role === "gridWorker") && place === "ownGrid" && level === "grid"));

describe("the owner rule in the queries: every role × level × place", () => {
  test.each([...roleKinds])("%s", async (role) => {
    const w = await world();
    const person = await makePerson(db, w.home, role, { grid: "A" });
    const awaitingMe = new Set((await listTopics(await ctxAs(person), { view: "awaitingMe" })).rows.map((r) => r.id));
    const mismatches: unknown[] = [];
    for (const place of ["ownGrid", "otherGrid", "otherCommunity"] as const) {
      for (const level of levels) {
        const topic = w.topicAt[place][level];
        const want = owns(role, place, level);
        const told = (await topicStaffIds(db, topic)).includes(person.id);
        const waiting = awaitingMe.has(topic.id);
        if (told !== want || waiting !== want) mismatches.push({ place, level, want, told, waiting });
      }
    }
    expect(mismatches).toEqual([]);
  });
});
