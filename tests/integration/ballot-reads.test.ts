import { and, eq, sql } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { auditLog, ballots, topicEvents, topics } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { closeDueBallots } from "@/lib/ballots/close-due-ballots";
import { ballotCloseStatus } from "@/lib/ballots/close-status";
import { enterPaperBallot } from "@/lib/ballots/enter-paper-ballot";
import { getBallot } from "@/lib/ballots/get-ballot";
import { listBallots } from "@/lib/ballots/list-ballots";
import { myBallots } from "@/lib/ballots/my-ballots";
import { openBallot } from "@/lib/ballots/open-ballot";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { ctxAs, fileDb } from "../helpers/db";
import { makePerson } from "../helpers/factory";
import { renderPageAs } from "../helpers/page-session";
import { expectRefused } from "../helpers/refusal";
import { CLOSES, DAY, HOUR, T0, at, ballotWorld, png } from "./ballot-helpers";
import { first } from "@/db/query";

await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
// The waiting page refreshes itself (a client hook that needs the app router, absent here).
vi.mock("next/navigation", async (real) => ({ ...(await real<typeof import("next/navigation")>()), useRouter: () => ({ refresh: () => {} }) }));
const { default: BallotPage } = await import("@/app/ballots/[id]/page");

let db: DB;
fileDb((d) => (db = d));

/** Every row of every table: a read that wrote anything anywhere changes this. */
function dump(): Record<string, string[]> {
  const tables = db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`);
  return Object.fromEntries(tables.map(({ name }) => [name, db.all(sql.raw(`SELECT * FROM "${name}"`)).map((r) => JSON.stringify(r)).sort()]));
}

/**
 * A residents' ballot of grid A opened at T0, closing at CLOSES: three of five residents have
 * agreed (past the floor, so the count passes it); `neighbour` and `late` have not voted.
 */
async function dueBallot() {
  const w = await ballotWorld(db);
  const voters = [w.proposer, await makePerson(db, w.place, "resident", { grid: "A" }), await makePerson(db, w.place, "resident", { grid: "A" })];
  const neighbour = await makePerson(db, w.place, "resident", { grid: "A" });
  const late = await makePerson(db, w.place, "resident", { grid: "A" });
  const opened = await openBallot(await ctxAs(w.chief), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], electorateKind: "gridResidents", secret: false, closesAt: CLOSES }, T0);
  for (const v of voters) await castVote(await ctxAs(v), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
  return { ...w, neighbour, late, ballotId: opened.ballotId };
}

const PAST = at(7 * DAY + 1);
const tallies = async (ballotId: number) => await db.select().from(auditLog).where(and(eq(auditLog.ballotId, ballotId), eq(auditLog.kind, "ballot.tallied")));

describe("reads only read: a ballot past its closing time waits for the count", () => {
  test("reading it — the ballot, the topic's list, my ballots, the close status, the page — writes nothing and shows 已截止，等待计票", async () => {
    const w = await dueBallot();
    const before = dump();

    const view = await getBallot(await ctxAs(w.chief), { ballotId: w.ballotId }, PAST);
    expect(view).toMatchObject({ phase: "awaitingCount", closedAt: null, result: null, namedChoices: null, resolution: null, staff: null });
    expect((await getBallot(await ctxAs(w.proposer), { ballotId: w.ballotId }, PAST)).phase).toBe("awaitingCount");
    // An elector who has not voted is not told they may still vote (API clients read mayVote).
    const neighbourView = await getBallot(await ctxAs(w.neighbour), { ballotId: w.ballotId }, PAST);
    expect(neighbourView.me.electors.length).toBeGreaterThan(0);
    expect(neighbourView.me.electors.map((e) => e.mayVote)).toEqual(neighbourView.me.electors.map(() => false));
    expect((await listBallots(await ctxAs(w.neighbour), { topicId: w.topic.id }, PAST)).ballots[0]).toMatchObject({ id: w.ballotId, phase: "awaitingCount", passed: null, reasonKey: null });
    expect((await myBallots(await ctxAs(w.neighbour), PAST)).ballots.map((b) => b.id)).not.toContain(w.ballotId);
    expect(await ballotCloseStatus(await ctxAs(w.chief), { ballotId: w.ballotId }, PAST)).toMatchObject({ floor: null, early: null, earlyClose: null });

    // The page reads the clock: rendered at the same moment, in both languages.
    const params = { params: Promise.resolve({ id: String(w.ballotId) }) };
    const zh = await renderPageAs(w.neighbour, () => BallotPage(params), { now: PAST });
    expect(zh).toContain("已截止，等待计票");
    expect(zh).toContain("不再接受投票。正在等待计票，结果将在几分钟内在此公布。");
    expect(zh).not.toContain("表决结果");
    expect(zh).not.toContain('name="choice"');
    const staffPage = await renderPageAs(w.chief, () => BallotPage(params), { now: PAST });
    expect(staffPage).not.toContain('data-testid="staff-tools"');
    const en = await renderPageAs(w.neighbour, () => BallotPage(params), { now: PAST, locale: "en" });
    expect(en).toContain("Closed, awaiting the count");

    // Nothing anywhere changed: the ballot is still open, the topic still voting, no tally in the audit chain.
    expect(dump()).toEqual(before);
    expect((await first(db.select().from(ballots).where(eq(ballots.id, w.ballotId))))!.status).toBe("open");
    expect((await first(db.select().from(topics).where(eq(topics.id, w.topic.id))))!.state).toBe("voting");
    expect(await tallies(w.ballotId)).toEqual([]);
  });

  test("a vote, a paper ballot or a proxy after the closing time is refused (409 ballotClosed) and writes nothing — no close committed before the refusal", async () => {
    const w = await dueBallot();
    const before = dump();
    await expectRefused(async () => castVote(await ctxAs(w.neighbour), { ballotId: w.ballotId, choice: "agree" }, PAST), 409, "ballotClosed");
    await expectRefused(async () => enterPaperBallot(await ctxAs(w.chief), { ballotId: w.ballotId, electorKey: `person:${w.late.id}`, choice: "agree", witness: "监票人王某" }, PAST), 409, "ballotClosed");
    await expectRefused(async () => recordProxy(await ctxAs(w.chief), { ballotId: w.ballotId, electorKey: `person:${w.late.id}`, proxyPersonId: w.neighbour.id }, png(), PAST), 409, "ballotClosed");
    expect(dump()).toEqual(before);
  });

  test("the scheduled job closes it as of its closing time, once; staff may close it explicitly in the meantime", async () => {
    const w = await dueBallot();
    const other = await dueBallot();
    // Not yet due: the job leaves it alone.
    expect(await closeDueBallots(db, at(7 * DAY - 1))).toEqual({ closed: [] });
    expect((await first(db.select().from(ballots).where(eq(ballots.id, w.ballotId))))!.status).toBe("open");

    // Staff count one themselves while it waits; the job closes the other.
    expect(await closeBallot(await ctxAs(other.chief), { ballotId: other.ballotId }, PAST)).toMatchObject({ passed: true });
    // (The file's earlier tests left their ballots open past the same time: the job closes those too.)
    const { closed } = await closeDueBallots(db, PAST);
    expect(closed).toContain(w.ballotId);
    expect(closed).not.toContain(other.ballotId);

    const row = (await first(db.select().from(ballots).where(eq(ballots.id, w.ballotId))))!;
    expect(row).toMatchObject({ status: "closed", closedAt: CLOSES, passed: true, earlyCloseGround: null });
    expect(await tallies(w.ballotId)).toHaveLength(1);
    expect((await tallies(w.ballotId))[0]!.actorId).toBeNull();
    expect((await first(db.select().from(topics).where(eq(topics.id, w.topic.id))))!.state).toBe("resolved");
    expect((await db.select({ kind: topicEvents.kind, actorId: topicEvents.actorId }).from(topicEvents).where(eq(topicEvents.topicId, w.topic.id))).slice(-2)).toEqual([
      { kind: "ballotClosed", actorId: null },
      { kind: "passVote", actorId: null },
    ]);
    const closedView = await getBallot(await ctxAs(w.neighbour), { ballotId: w.ballotId }, PAST);
    expect(closedView).toMatchObject({ phase: "closed", result: { passed: true } });
    expect(closedView.me.electors.some((e) => e.mayVote)).toBe(false);

    // Run again: nothing left to close, nothing written.
    const after = dump();
    expect(await closeDueBallots(db, at(8 * DAY))).toEqual({ closed: [] });
    expect(dump()).toEqual(after);
    expect(await tallies(other.ballotId)).toHaveLength(1);
  });
});
