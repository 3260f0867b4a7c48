import { and, eq } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { ballotElectorMembers, ballotElectors, ballots, buildings, roles, units } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeDueBallots } from "@/lib/ballots/close-due-ballots";
import { getBallot } from "@/lib/ballots/get-ballot";
import { openBallot } from "@/lib/ballots/open-ballot";
import { recordProxy } from "@/lib/ballots/record-proxy";
import type { BallotResult } from "@/lib/ballots/tally-ballot";
import { actorOf, ctxAs, fileDb } from "../helpers/db";
import { makePerson } from "../helpers/factory";
import { renderPageAs } from "../helpers/page-session";
import { expectRefused } from "../helpers/refusal";
import { CLOSES, HOUR, T0, at, ballotWorld, bareperson, png } from "./ballot-helpers";
import { first } from "@/db/query";

await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
const { default: BallotPage } = await import("@/app/ballots/[id]/page");

let db: DB;
fileDb((d) => (db = d));

/** The ballot page as a person sees it at a time while the ballot is open (the page reads the clock). */
const render = (person: { id: number }, id: number, now: Date) => renderPageAs(person, () => BallotPage({ params: Promise.resolve({ id: String(id) }) }), { now });

/**
 * Building 7: owners A–D with one flat of 100 m² each, X with a delivered flat of 100 m², and the
 * developer's two unsold flats of 300 m² — on one of which X is registered as owner too (a buyer
 * whose flat has not been delivered, or a registration made in error). 1100 m² in all; under art. 9
 * six counted owners: A, B, C, D, X (with 100 m²) and the developer (600 m², no members).
 */
async function building7(w: Awaited<ReturnType<typeof ballotWorld>>) {
  const building = await first(db.insert(buildings).values({ gridId: w.place.gridA.id, code: "07", name: "7号楼" }).returning());
  const unit = async (number: string, area: number, developerHeld = false) => await first(db.insert(units).values({ buildingId: building.id, number, areaHundredths: area, developerHeld }).returning());
  const u = { a: await unit("101", 10_000), b: await unit("102", 10_000), c: await unit("201", 10_000), d: await unit("202", 10_000), x: await unit("301", 10_000), dev1: await unit("501", 30_000, true), dev2: await unit("502", 30_000, true) };
  const owner = async (name: string, ...owned: { id: number }[]) => {
    const p = await bareperson(db, name);
    for (const x of owned) await db.insert(roles).values({ personId: p.id, role: "owner", communityId: w.place.community.id, gridId: w.place.gridA.id, unitId: x.id });
    return p;
  };
  return { building, u, a: await owner("业主甲", u.a), b: await owner("业主乙", u.b), c: await owner("业主丙", u.c), d: await owner("业主丁", u.d), x: await owner("购房人", u.x, u.dev1) };
}

async function openOwners(w: Awaited<ReturnType<typeof ballotWorld>>, building: { id: number }) {
  return await openBallot(await ctxAs(w.chief), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], rule: "ownersMajority", electorateKind: "buildingOwners", buildingId: building.id, secret: true, closesAt: CLOSES }, T0);
}

describe("developer-held units are the developer's alone (法释〔2009〕7号 art. 9)", () => {
  test("a person registered on a developer-held unit is not merged into the developer's voter, keeps their own flat, and cannot turn a failing vote into a passing one", async () => {
    const w = await ballotWorld(db, { itemRule: "ownersMajority" });
    const b = await building7(w);
    const opened = await openOwners(w, b.building);
    expect(opened).toMatchObject({ electorCount: 6, electorAreaHundredths: 110_000 });

    const electors = await db.select().from(ballotElectors).where(eq(ballotElectors.ballotId, opened.ballotId));
    const byKey = new Map(electors.map((e) => [e.electorKey, e]));
    expect(byKey.get(`owner:${b.x.id}`)).toMatchObject({ areaHundredths: 10_000, unitIds: [b.u.x.id] });
    expect(byKey.get("developer")).toMatchObject({ areaHundredths: 60_000, unitIds: [b.u.dev1.id, b.u.dev2.id] });
    const members = await db.select().from(ballotElectorMembers).where(eq(ballotElectorMembers.ballotId, opened.ballotId));
    expect(members.filter((m) => m.electorKey === "developer")).toEqual([]);
    expect(members.filter((m) => m.personId === b.x.id).map((m) => m.electorKey)).toEqual([`owner:${b.x.id}`]);

    // X may vote for their own flat only.
    const mine = (await getBallot(await ctxAs(b.x), { ballotId: opened.ballotId }, at(HOUR))).me.electors;
    expect(mine.map((e) => [e.electorKey, e.areaHundredths])).toEqual([[`owner:${b.x.id}`, 10_000]]);
    await castVote(await ctxAs(b.x), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await castVote(await ctxAs(b.a), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await castVote(await ctxAs(b.b), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
    await castVote(await ctxAs(b.c), { ballotId: opened.ballotId, choice: "disagree" }, at(HOUR));
    expect(await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId)))).toMatchObject({ votedCount: 4, votedAreaHundredths: 40_000 });

    // Four of six owners took part, but with 400 of 1100 m²: short of two-thirds of the area. (Had
    // X been merged into the developer, X's ballot would have carried 700 m² and the vote passed.)
    await closeDueBallots(db, at(CLOSES.getTime() - T0.getTime() + HOUR));
    const closed = await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(CLOSES.getTime() - T0.getTime() + HOUR));
    expect(closed.phase).toBe("closed");
    const result = closed.result as BallotResult;
    expect(result.passed).toBe(false);
    expect(result.reasonKey).toBe("participationAreaShort");
    expect(result.figures.find((f) => f.key === "participationArea")).toMatchObject({ numerator: 40_000, denominator: 110_000, met: false });
  });

  test("someone registered only on a developer-held unit is not an elector at all", async () => {
    const w = await ballotWorld(db, { itemRule: "ownersMajority" });
    const b = await building7(w);
    const buyer = await bareperson(db, "只买了未交付房");
    await db.insert(roles).values({ personId: buyer.id, role: "owner", communityId: w.place.community.id, gridId: w.place.gridA.id, unitId: b.u.dev2.id });
    const opened = await openOwners(w, b.building);
    expect(opened.electorCount).toBe(6);
    expect(await db.select().from(ballotElectorMembers).where(and(eq(ballotElectorMembers.ballotId, opened.ballotId), eq(ballotElectorMembers.personId, buyer.id)))).toEqual([]);
    await expectRefused(async () => castVote(await ctxAs(buyer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR)), 403, "notInElectorate");
  });

  test("staff see which units are developer-held, who represents the developer and whose registrations give no vote; residents do not", async () => {
    const w = await ballotWorld(db, { itemRule: "ownersMajority" });
    const b = await building7(w);
    const opened = await openOwners(w, b.building);

    const before = (await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(HOUR))).developer!;
    expect(before).toEqual({
      electorKey: "developer",
      areaHundredths: 60_000,
      units: [
        { id: b.u.dev1.id, label: "7号楼 501" },
        { id: b.u.dev2.id, label: "7号楼 502" },
      ],
      representative: null,
      // No owners' register named a representative in this community.
      registered: null,
      setAside: [{ unit: "7号楼 501", name: "购房人", displayNumber: b.x.displayNumber }],
    });
    expect((await getBallot(await ctxAs(b.a), { ballotId: opened.ballotId }, at(HOUR))).developer).toBeNull();

    // The developer's designated representative is recorded from its written authorization, and votes the 600 m².
    const rep = await makePerson(db, w.place, "resident", { grid: "B" });
    await recordProxy(await ctxAs(w.chief), { ballotId: opened.ballotId, electorKey: "developer", proxyPersonId: rep.id }, png(), at(HOUR));
    const after = (await getBallot(await ctxAs(w.chief), { ballotId: opened.ballotId }, at(2 * HOUR))).developer!;
    expect(after.representative).toEqual({ id: rep.id, name: rep.name, displayNumber: rep.displayNumber });
    expect(await castVote(await ctxAs(rep), { ballotId: opened.ballotId, choice: "agree" }, at(2 * HOUR))).toMatchObject({ electorKey: "developer", viaProxy: true });
    expect(await first(db.select().from(ballots).where(eq(ballots.id, opened.ballotId)))).toMatchObject({ votedCount: 1, votedAreaHundredths: 60_000 });

    const page = await render(w.chief, opened.ballotId, at(3 * HOUR));
    expect(page).toContain("开发商（建设单位）持有的房屋");
    expect(page).toContain("2 套，专有部分面积 600.00 平方米");
    expect(page).toContain(`开发商代表：${rep.name} ${rep.displayNumber}`);
    expect(page).toContain("购房人");
    expect(page).toContain("开发商 · 501、502");
    const resident = await render(b.a, opened.ballotId, at(3 * HOUR));
    expect(resident).not.toContain("开发商（建设单位）持有的房屋");
    expect(resident).not.toContain("购房人");
  });
});
