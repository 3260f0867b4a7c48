import { vi } from "vitest";

// The app's code runs here on PostgreSQL exactly as the server would with DATABASE_URL: db/schema
// hands out the PostgreSQL tables when the variable is set as the modules load, so it is set first.
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgres://set-before-the-tables-load.invalid/gridcouncil";
});

import { and, count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb, type DB } from "@/db/client";
import { isPgHandle } from "@/db/pg/engine";
import { first } from "@/db/query";
import { auditLog, ballots, roles, votes } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { getBallot } from "@/lib/ballots/get-ballot";
import { pgAuditReport } from "@/lib/audit/verify-pg";
import type { PgDB } from "@/lib/search/pg-text-search";
import { listTopics } from "@/lib/topics/list-topics";
import { getTopic } from "@/lib/topics/get-topic";
import { postOpinion } from "@/lib/opinions/post-opinion";
import { ctxAs } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { inOrder } from "../helpers/in-order";
import { appOnPostgres } from "./app-on-postgres";

let db: DB;
appOnPostgres("loop", (opened) => (db = opened));

describe("the loop on PostgreSQL: the same use cases, the same rules", () => {
  test("the handle is PostgreSQL's, and getDb hands it out", () => {
    expect(isPgHandle(db)).toBe(true);
    expect(getDb()).toBe(db);
  });

  test("propose, co-sign, admit, draft and open a ballot; residents vote at once; the count is exact and the audit chain verifies", async () => {
    const place = await makeCommunity(db);
    // The electorate is the grid's residents when the ballot opens.
    const residents = await inOrder(Array.from({ length: 12 }), () => makePerson(db, place, "resident", { grid: "A" }));
    const topic = await makeTopic(db, place, { state: "voting", title: "3号楼电动车充电棚", proposer: residents[0]!, cosigners: [residents[1]!, residents[2]!] });
    expect(topic.state).toBe("voting");
    // All at once: the writers take turns on PostgreSQL's advisory lock; nobody is lost or counted twice.
    const cast = await Promise.all(residents.map(async (r, i) => castVote(await ctxAs(r, db), { ballotId: topic.ballotId, choice: i % 3 === 0 ? "disagree" : "agree" })));
    expect(cast).toHaveLength(12);
    const ballot = (await first(db.select().from(ballots).where(eq(ballots.id, topic.ballotId!))))!;
    const [{ n }] = (await db.select({ n: count() }).from(votes).where(eq(votes.ballotId, ballot.id))) as [{ n: number }];
    expect(n).toBe(12);
    expect(ballot.votedCount).toBe(12);

    const view = await getBallot(await ctxAs(residents[5]!, db), { ballotId: ballot.id });
    expect(view.phase).toBe("open");

    // Changing one's mind replaces the vote: still twelve.
    await castVote(await ctxAs(residents[0]!, db), { ballotId: ballot.id, choice: "agree" });
    expect((await first(db.select().from(ballots).where(eq(ballots.id, ballot.id))))!.votedCount).toBe(12);

    const report = await pgAuditReport(db as unknown as PgDB);
    expect(report.problems).toEqual([]);
    expect(report.entries).toBeGreaterThanOrEqual(13);
    const audited = async (kind: "vote.cast" | "vote.changed") => (await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.ballotId, ballot.id), eq(auditLog.kind, kind))))[0]!.n;
    expect(await audited("vote.cast")).toBe(12);
    expect(await audited("vote.changed")).toBe(1);

    // Counted: 8 agree and 4 disagree at first; one change of mind makes it 9 and 3.
    const closed = await closeBallot(await ctxAs((await first(db.select({ id: roles.personId }).from(roles).where(and(eq(roles.gridId, place.gridA.id), eq(roles.role, "gridChief")))))!.id, db), { ballotId: ballot.id });
    expect(closed).toBeDefined();
    const counted = await getBallot(await ctxAs(residents[5]!, db), { ballotId: ballot.id });
    expect(counted.phase).toBe("closed");
    expect(counted.result).toMatchObject({ counts: { agree: 9, disagree: 3, abstain: 0 }, electorCount: 12 });
    expect((await pgAuditReport(db as unknown as PgDB)).problems).toEqual([]);
  });

  test("the topic page, an opinion and the search read the same on PostgreSQL", async () => {
    const place = await makeCommunity(db);
    const topic = await makeTopic(db, place, { state: "consulting", title: "小区停车位划线" });
    const resident = await makePerson(db, place, "resident", { grid: "A" });
    await postOpinion(await ctxAs(resident, db), { topicId: topic.id, stance: "support", body: "停车位划线后晚上回家好停车" });
    const detail = await getTopic(await ctxAs(resident, db), { topicId: topic.id });
    expect(detail.topic.title).toBe("小区停车位划线");
    const found = await listTopics(await ctxAs(resident, db), { q: "停车" });
    expect(found.rows.map((r) => r.id)).toContain(topic.id);
    const none = await listTopics(await ctxAs(resident, db), { q: "电梯" });
    expect(none.rows.map((r) => r.id)).not.toContain(topic.id);
  });
});
