import bcrypt from "bcryptjs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writerOf, type DB } from "@/db/client";
import { unitOfWork } from "@/db/unit-of-work";
import { ballotElectorMembers, ballots, people, topics } from "@/db/schema";
import { seedDemoCommunity } from "@/db/seed/demo";
import { seedDemoTopics } from "@/scripts/seed/demo-topics";
import { loadActor } from "@/lib/auth/actor";
import { endOtherSessions, personIdForSession, startSession } from "@/lib/auth/sessions";
import { issueApiToken, personIdForToken, revokeOtherApiTokens } from "@/lib/auth/tokens";
import { castVote } from "@/lib/ballots/cast-vote";
import { getBallot } from "@/lib/ballots/get-ballot";
import { listBallots } from "@/lib/ballots/list-ballots";
import { myBallots } from "@/lib/ballots/my-ballots";
import { listNotices } from "@/lib/notices/list-notices";
import { topicResolutions } from "@/lib/notices/topic-resolutions";
import { listNotifications } from "@/lib/notifications/list";
import { unreadCount } from "@/lib/notifications/unread-count";
import { listOpinions } from "@/lib/opinions/list-opinions";
import { listMyTasks, listTaskBoard, listTopicTasks } from "@/lib/tasks/list-tasks";
import { getTopic } from "@/lib/topics/get-topic";
import { listTopics } from "@/lib/topics/list-topics";
import { ctxAs, tempDb } from "../helpers/db";
import { first } from "@/db/query";

/**
 * Every hot query uses an index. The SQL that the topic page, the grid's topic list, search, vote
 * casting, the tally, the inbox, the notice board and the task lists run is captured from the
 * SQLite handle while the real use cases run on the demo community (a topic at every stage, an open
 * ballot), then each statement's EXPLAIN QUERY PLAN is checked: a full scan of a table that grows
 * with the city (topics, opinions, votes, electors, audit entries, inbox …) fails the test. Plans
 * are checked twice: as the app runs (no statistics) and after ANALYZE on a fuller database.
 */

/** Tables that stay small whatever the city's size (a community's grids, its catalog, its organisations). */
const smallTables = new Set(["communities", "grids", "agenda_categories", "agenda_items", "organisations", "__drizzle_migrations"]);

let t: ReturnType<typeof tempDb>;
let db: DB;
/** SQL → the use case that ran it and the values of its first run (EXPLAIN needs them bound). */
const captured = new Map<string, { label: string; params: unknown[] }>();

function capture<T>(label: string, run: () => T): T {
  // The reading connection and the writer a unit of work runs on: a use case's statements go to both.
  const restore = [db.$client, writerOf(db).$client].map((client) => {
    const prepare = client.prepare;
    // Every statement drizzle runs goes through prepare(): record its SQL with the use case that ran it.
    client.prepare = function (this: typeof client, source: string) {
      const stmt = prepare.call(this, source);
      for (const method of ["run", "get", "all", "values", "iterate"] as const) {
        const original = (stmt as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>)[method];
        if (!original) continue;
        (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
          if (!captured.has(source)) captured.set(source, { label, params });
          return original.apply(stmt, params);
        };
      }
      return stmt;
    } as typeof client.prepare;
    return () => void (client.prepare = prepare);
  });
  const done = () => restore.forEach((r) => r());
  let result: T;
  try {
    result = run();
  } catch (e) {
    done();
    throw e;
  }
  // An async use case: its statements run until its promise settles.
  if (result instanceof Promise) return result.finally(done) as T;
  done();
  return result;
}

const ctxOf = async (phone: string) => ctxAs((await first(db.select({ id: people.id }).from(people).where(eq(people.phone, phone))))!, db);

/**
 * Full scans of large tables in one statement's plan ("SCAN opinions", not "SCAN x USING INDEX").
 * Large: every table but the small ones above; with statistics, the tables that hold ≥ 1000 rows
 * (the planner then rightly scans a table of a few rows).
 */
function fullScans(source: string, params: unknown[], isLarge: (table: string) => boolean): string[] {
  const sql = source.trimStart();
  if (!/^(select|with|update|delete|insert)/i.test(sql)) return [];
  const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return plan
    .map((r) => r.detail)
    .filter((d) => {
      const m = /^SCAN (\w+)/.exec(d);
      if (!m) return false;
      if (/USING (COVERING )?INDEX|VIRTUAL TABLE INDEX|USING INTEGER PRIMARY KEY/.test(d)) return false;
      return isLarge(m[1]!);
    });
}

/** One line per offending statement: the use case, the scans, the start of the SQL. */
function offenders(isLarge: (table: string) => boolean = (table) => !smallTables.has(table)): string[] {
  return [...captured]
    .map(([sql, { label, params }]) => ({ label, sql, scans: fullScans(sql, params, isLarge) }))
    .filter((o) => o.scans.length > 0)
    .map((o) => `${o.label}: ${o.scans.join(", ")} :: ${o.sql.replaceAll('"', "").slice(0, 240)}`);
}

beforeAll(async () => {
  t = tempDb();
  db = t.db;
  await seedDemoCommunity(db, bcrypt.hashSync("demo1234", 4));
  await seedDemoTopics(db);

  const resident = await ctxOf("13800000101");
  const staff = await ctxOf("13800000002");
  const firm = await ctxOf("13800000003");
  const grid = resident.actor!.roles.find((r) => r.gridId != null)!.gridId!;
  const allTopics = await db.select({ id: topics.id }).from(topics);

  await capture("topic page", async () => {
    for (const { id } of allTopics) {
      for (const ctx of [resident, staff]) {
        await getTopic(ctx, { topicId: id });
        await listOpinions(ctx, { topicId: id });
        await listBallots(ctx, { topicId: id });
        await listTopicTasks(ctx, { topicId: id });
        await topicResolutions(ctx, { topicId: id });
      }
    }
  });
  await capture("grid topic list", async () => {
    for (const ctx of [resident, staff]) {
      await listTopics(ctx, {});
      await listTopics(ctx, { gridId: String(grid) });
      await listTopics(ctx, { gridId: String(grid), page: "2" });
      await listTopics(ctx, { gridId: String(grid), stage: "consultation" });
      await listTopics(ctx, { view: "mine" });
      await listTopics(ctx, { view: "awaitingMe" });
    }
  });
  await capture("search", async () => {
    await listTopics(resident, { q: "电梯" });
    await listTopics(resident, { q: "停车 车位", gridId: String(grid) });
  });

  const open = (await first(db.select().from(ballots).where(eq(ballots.status, "open"))))!;
  const voterId = (await first(db.select({ personId: ballotElectorMembers.personId }).from(ballotElectorMembers).where(eq(ballotElectorMembers.ballotId, open.id))))!.personId;
  const voter = await ctxAs(voterId, db);
  const { token } = await issueApiToken(db, voterId);
  const sessionId = await startSession(db, voterId);
  await capture("vote cast", async () => {
    await personIdForToken(db, token);
    await personIdForSession(db, sessionId);
    await loadActor(db, voterId);
    await castVote(voter, { ballotId: open.id, choice: "agree" });
    await castVote(voter, { ballotId: open.id, choice: "disagree" });
  });
  await capture("password change", () =>
    unitOfWork(db, async (tx) => {
      await endOtherSessions(tx, voterId, sessionId);
      await revokeOtherApiTokens(tx, voterId, token);
    }),
  );
  await capture("tally", async () => {
    await getBallot(voter, { ballotId: open.id });
    await getBallot(staff, { ballotId: open.id });
    await myBallots(voter);
  });
  await capture("inbox", async () => {
    for (const ctx of [resident, voter, staff]) {
      await listNotifications(ctx, {});
      await listNotifications(ctx, { page: "2" });
      await unreadCount(db, ctx.actor!.personId);
    }
  });
  await capture("notices", async () => {
    await listNotices({ db }, {});
    await listNotices({ db }, { gridId: String(grid) });
    await listNotices({ db }, { archive: "1" });
  });
  await capture("task lists", async () => {
    for (const ctx of [firm, staff]) {
      await listMyTasks(ctx);
      await listTaskBoard(ctx);
    }
  });
  expect((await db.select({ id: topics.id }).from(topics).where(and(eq(topics.gridId, grid)))).length).toBeGreaterThan(0);
  // The demo's topics go through the real use cases: seconds on a quiet machine, more under load.
}, 180_000);

afterAll(() => t?.cleanup());

describe("hot queries use an index", () => {
  test("the use cases were captured", () => {
    const labels = new Set([...captured.values()].map((c) => c.label));
    expect([...labels].sort()).toEqual(["grid topic list", "inbox", "notices", "password change", "search", "tally", "task lists", "topic page", "vote cast"]);
    expect(captured.size).toBeGreaterThan(40);
  });

  test("no full scan of a large table, as the app runs (no statistics)", () => {
    expect(offenders()).toEqual([]);
  });

  test("no full scan of a large table once the planner has statistics of a fuller database", () => {
    // Thousands of rows more in the tables that grow, so ANALYZE sees them as the large tables they are.
    const c = db.$client;
    const topic = c.prepare("SELECT id, community_id, proposer_id, agenda_item_id FROM topics LIMIT 1").get() as { id: number; community_id: number; proposer_id: number; agenda_item_id: number };
    c.transaction(() => {
      const addGrid = c.prepare("INSERT INTO grids (community_id, code, name) VALUES (?, ?, ?)");
      const addTopic = c.prepare(
        "INSERT INTO topics (community_id, grid_id, agenda_item_id, title, description_json, description_html, proposer_id, state, cosign_threshold, cosign_deadline, updated_at) VALUES (?, ?, ?, '楼道照明', '{}', '', ?, ?, 5, 0, ?)",
      );
      const addOpinion = c.prepare("INSERT INTO opinions (topic_id, author_id, stance, body) VALUES (?, ?, 'support', '同意')");
      const addNote = c.prepare("INSERT INTO notifications (person_id, kind, topic_id) VALUES (?, 'admitted', ?)");
      const addEvent = c.prepare("INSERT INTO topic_events (topic_id, kind, at) VALUES (?, 'cosigned', 0)");
      // Spread over 6 communities, 60 grids and every state, like a city: none holds most topics.
      const addCommunity = c.prepare("INSERT INTO communities (code, name) VALUES (?, ?)");
      const communityIds = [topic.community_id, ...Array.from({ length: 5 }, (_, i) => Number(addCommunity.run(`Q${"ABCDE"[i]}`, `社区${i}`).lastInsertRowid))];
      const gridIds = Array.from({ length: 60 }, (_, i) => Number(addGrid.run(communityIds[i % communityIds.length], `9${i}`, `网格${i}`).lastInsertRowid));
      const communityOf = new Map(gridIds.map((g, i) => [g, communityIds[i % communityIds.length]!]));
      const states = ["proposed", "consulting", "drafting", "voting", "implementing", "closed", "rejected"];
      for (let i = 0; i < 3000; i++) {
        const grid = gridIds[i % gridIds.length]!;
        const id = Number(addTopic.run(communityOf.get(grid), grid, topic.agenda_item_id, topic.proposer_id, states[i % states.length], i).lastInsertRowid);
        for (let k = 0; k < 5; k++) addOpinion.run(id, topic.proposer_id);
        addNote.run(topic.proposer_id, id);
        addEvent.run(id);
      }
    })();
    c.exec("ANALYZE");
    const rows = (table: string) => (c.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    expect(offenders((table) => !smallTables.has(table) && rows(table) >= 1000)).toEqual([]);
  }, 60_000);
});
