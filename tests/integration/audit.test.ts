import { execFileSync } from "node:child_process";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { agendaCategories, agendaItems, auditLog, ballots, buildings, people, roles, units, votes } from "@/db/schema";
import { auditHash, canonicalJson, GENESIS_HASH } from "@/lib/audit/append";
import { auditReport, verifyAudit } from "@/lib/audit/verify";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { enterPaperBallot } from "@/lib/ballots/enter-paper-ballot";
import { openBallot } from "@/lib/ballots/open-ballot";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { pngBytes } from "../helpers/images";
import { first } from "@/db/query";

let db: DB;
let dbFile: string;
fileDb((d, file) => ([db, dbFile] = [d, file]), { perTest: true });

const HOUR = 3_600_000;
const T0 = new Date(Date.UTC(2026, 4, 10, 1, 0));
const at = (ms: number) => new Date(T0.getTime() + ms);
const png = () => new File([pngBytes()], "scan.png", { type: "image/png" });

/**
 * Two ballots on two topics: an owners' ballot of a building (online votes, a change, a paper
 * ballot, a proxy), closed and resolved; and a residents' ballot still open.
 */
async function history() {
  const place = await makeCommunity(db);
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const category = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "公共设施", defaultVoteRule: "ownersMajority" }).returning());
  const simpleItem = await first(db.insert(agendaItems).values({ categoryId: category.id, name: "环境卫生" }).returning());
  // Proposed by the chief (straight to admission), admitted, in drafting with the chief's plan.
  const topic = (title: string, agendaItemId: number) => makeTopic(db, place, { state: "drafting", plan: true, item: { id: agendaItemId }, proposer: chief, staff: chief, title, at: at(-HOUR) });
  const building = await first(db.insert(buildings).values({ gridId: place.gridA.id, code: "07", name: "7号楼" }).returning());
  let n = 0;
  const owner = async (area: number) => {
    const unit = await first(db.insert(units).values({ buildingId: building.id, number: String(101 + n), areaHundredths: area }).returning());
    const p = await first(db.insert(people).values({ phone: `1330000${String(++n).padStart(4, "0")}`, passwordHash: "x", name: `业主${n}`, displayNumber: `AUD-${n}`, status: "verified" }).returning());
    await db.insert(roles).values({ personId: p.id, role: "owner", communityId: place.community.id, gridId: place.gridA.id, unitId: unit.id });
    return p;
  };
  const [o1, o2, o3, o4] = [await owner(9000), await owner(9000), await owner(9000), await owner(9000)];
  const proxy = await makePerson(db, place, "resident", { grid: "A" });

  const t1 = await topic("7号楼外墙维修", item.id);
  const owners = await openBallot(await ctxAs(chief), { topicId: t1.id, kind: "single", planIds: [t1.planId!], electorateKind: "buildingOwners", buildingId: building.id, closesAt: at(48 * HOUR) }, T0);
  await recordProxy(await ctxAs(chief), { ballotId: owners.ballotId, electorKey: `owner:${o4!.id}`, proxyPersonId: proxy.id }, png(), at(HOUR));
  await castVote(await ctxAs(o1!), { ballotId: owners.ballotId, choice: "disagree" }, at(HOUR));
  await castVote(await ctxAs(o1!), { ballotId: owners.ballotId, choice: "agree" }, at(2 * HOUR));
  await castVote(await ctxAs(o2!), { ballotId: owners.ballotId, choice: "agree" }, at(2 * HOUR));
  await enterPaperBallot(await ctxAs(chief), { ballotId: owners.ballotId, electorKey: `owner:${o3!.id}`, choice: "agree", witness: "监票人孙某" }, at(3 * HOUR));
  await castVote(await ctxAs(proxy), { ballotId: owners.ballotId, electorKey: `owner:${o4!.id}`, choice: "abstain" }, at(3 * HOUR));
  await closeBallot(await ctxAs(chief), { ballotId: owners.ballotId }, at(4 * HOUR));

  const t2 = await topic("垃圾分类点位调整", simpleItem.id);
  const residents = await openBallot(await ctxAs(chief), { topicId: t2.id, kind: "single", planIds: [t2.planId!], electorateKind: "gridResidents", closesAt: at(48 * HOUR) }, T0);
  await castVote(await ctxAs(proxy), { ballotId: residents.ballotId, choice: "agree" }, at(HOUR));
  return { owners, residents, o1: o1!, o2: o2! };
}

const entries = async () => await db.select().from(auditLog).orderBy(asc(auditLog.id));

describe("the audit chain", () => {
  test("every opening, vote, change, paper entry, proxy and tally is chained, and the chain verifies", async () => {
    const h = await history();
    const log = await entries();
    expect(log.map((e) => e.kind)).toEqual([
      "ballot.opened",
      "proxy.recorded",
      "vote.cast",
      "vote.changed",
      "vote.cast",
      "vote.paper",
      "vote.cast",
      "ballot.tallied",
      "ballot.opened",
      "vote.cast",
    ]);
    log.forEach((e, i) => {
      expect(e.id).toBe(i + 1);
      expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : log[i - 1]!.hash);
      expect(e.hash).toBe(auditHash(e.prevHash, e.id, e.at.getTime(), e.kind, e.payload));
      // The payload is canonical: parsing and writing it again gives the same text.
      expect(canonicalJson(JSON.parse(e.payload))).toBe(e.payload);
    });
    expect(JSON.parse(log[3]!.payload)).toMatchObject({ ballotId: h.owners.ballotId, electorKey: `owner:${h.o1.id}`, choice: "agree", channel: "online", castBy: h.o1.id, witness: null });
    expect(JSON.parse(log[5]!.payload)).toMatchObject({ channel: "paper", witness: "监票人孙某" });
    expect(JSON.parse(log[7]!.payload)).toMatchObject({ passed: true, result: { rule: "ownersMajority", passed: true } });

    expect(await verifyAudit(db)).toEqual([]);
    expect(await auditReport(db)).toMatchObject({ entries: 10, ballots: 2 });
  });

  test("a vote changed behind the app's back (UPDATE votes SET choice=…) is reported, naming the row", async () => {
    const h = await history();
    const vote = (await first(db.select().from(votes).where(and(eq(votes.ballotId, h.owners.ballotId), eq(votes.electorKey, `owner:${h.o2.id}`)))))!;
    db.$client.prepare("UPDATE votes SET choice = 'disagree' WHERE id = ?").run(vote.id);
    const problems = await verifyAudit(db);
    expect(problems).toContainEqual(expect.objectContaining({ table: "votes", rowId: vote.id, ballotId: h.owners.ballotId }));
    expect(problems.find((p) => p.table === "votes")!.message).toContain(`choice "disagree" ≠ audited "agree"`);
  });

  test("votes that appear or vanish without an audit entry are reported", async () => {
    const h = await history();
    const vote = (await first(db.select().from(votes).where(eq(votes.ballotId, h.residents.ballotId))))!;
    db.$client.prepare("DELETE FROM votes WHERE id = ?").run(vote.id);
    db.$client.prepare("INSERT INTO votes (ballot_id, elector_key, choice, channel, cast_by) VALUES (?, ?, 'agree', 'online', ?)").run(h.residents.ballotId, `person:${h.o1.id}`, h.o1.id);
    const problems = await verifyAudit(db);
    expect(problems).toContainEqual(expect.objectContaining({ table: "votes", rowId: vote.id, message: expect.stringContaining("is gone") }));
    expect(problems).toContainEqual(expect.objectContaining({ table: "votes", message: expect.stringContaining("has no audit entry") }));
  });

  test("a deleted audit entry is reported (a gap in the ids)", async () => {
    await history();
    db.$client.prepare("DELETE FROM audit_log WHERE id = 4").run();
    const problems = await verifyAudit(db);
    expect(problems).toContainEqual(expect.objectContaining({ table: "audit_log", rowId: 5, message: expect.stringContaining("entry 4 is missing") }));
  });

  test("the last audit entry deleted is reported too", async () => {
    await history();
    db.$client.prepare("DELETE FROM audit_log WHERE id = 10").run();
    const problems = await verifyAudit(db);
    expect(problems).toContainEqual(expect.objectContaining({ table: "audit_log", rowId: 10 }));
    // ...and the vote it recorded now has no audit.
    expect(problems).toContainEqual(expect.objectContaining({ table: "votes", message: expect.stringContaining("has no audit entry") }));
  });

  test("an edited audit payload is reported, and so is re-hashing it to cover the edit", async () => {
    await history();
    const edited = (await entries())[2]!;
    db.$client.prepare("UPDATE audit_log SET payload = replace(payload, '\"disagree\"', '\"agree\"') WHERE id = ?").run(edited.id);
    expect(await verifyAudit(db)).toContainEqual(expect.objectContaining({ table: "audit_log", rowId: edited.id, message: expect.stringContaining("edited") }));

    const row = (await first(db.select().from(auditLog).where(eq(auditLog.id, edited.id))))!;
    await db.update(auditLog).set({ hash: auditHash(row.prevHash, row.id, row.at.getTime(), row.kind, row.payload) }).where(eq(auditLog.id, row.id));
    expect(await verifyAudit(db)).toContainEqual(expect.objectContaining({ table: "audit_log", rowId: edited.id + 1, message: expect.stringContaining("chain is broken") }));
  });

  test("a stored result or rule changed after the close is reported", async () => {
    const h = await history();
    db.$client.prepare("UPDATE ballots SET passed = 0 WHERE id = ?").run(h.owners.ballotId);
    db.$client.prepare("UPDATE ballots SET rule = 'twoThirds' WHERE id = ?").run(h.residents.ballotId);
    const problems = await verifyAudit(db);
    expect(problems).toContainEqual(expect.objectContaining({ table: "ballots", rowId: h.owners.ballotId, message: expect.stringContaining("stored result") }));
    expect(problems).toContainEqual(expect.objectContaining({ table: "ballots", rowId: h.residents.ballotId, message: expect.stringContaining("rule") }));
  });

  test("npm run audit:verify prints ok and exits 0, or prints each problem and exits 1", async () => {
    const h = await history();
    const run = () => {
      try {
        const out = execFileSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/audit-verify.ts"], {
          env: { ...process.env, GRIDCOUNCIL_DB: dbFile },
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
        return { code: 0, out };
      } catch (e) {
        const err = e as { status: number; stdout: string; stderr: string };
        return { code: err.status, out: `${err.stdout}${err.stderr}` };
      }
    };
    const ok = run();
    expect(ok).toEqual({ code: 0, out: "audit chain ok: 10 entries, 2 ballots\n" });
    const vote = (await first(db.select().from(votes).where(eq(votes.ballotId, h.owners.ballotId))))!;
    db.$client.prepare("UPDATE votes SET choice = 'abstain' WHERE id = ?").run(vote.id);
    const bad = run();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`votes #${vote.id}:`);
    expect(await db.select().from(ballots)).toHaveLength(2);
  }, 30_000);
});
