import fs from "node:fs";
import { and, count, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { ballotProxies, votes } from "@/db/schema";
import { issueApiToken } from "@/lib/auth/tokens";
import { castVote } from "@/lib/ballots/cast-vote";
import { enterPaperBallot } from "@/lib/ballots/enter-paper-ballot";
import { getBallot } from "@/lib/ballots/get-ballot";
import { myBallots } from "@/lib/ballots/my-ballots";
import { openBallot } from "@/lib/ballots/open-ballot";
import { recordProxy } from "@/lib/ballots/record-proxy";
import { uploadsDir } from "@/lib/uploads/photos";
import { actorOf, ctxAs, fileDb } from "../helpers/db";
import { makePerson } from "../helpers/factory";
import { renderPageAs } from "../helpers/page-session";
import { expectRefused } from "../helpers/refusal";
import { CLOSES, HOUR, T0, at, ballotWorld, png } from "./ballot-helpers";
import { first } from "@/db/query";

vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET = "ballot-proxies-test-secret";
});
await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
const { default: BallotPage } = await import("@/app/ballots/[id]/page");
const ballotRoute = await import("@/app/api/v1/ballots/[id]/route");
const proxiesRoute = await import("@/app/api/v1/ballots/[id]/proxies/route");
const votesRoute = await import("@/app/api/v1/ballots/[id]/votes/route");

let db: DB;
fileDb((d) => (db = d));

/** A residents' secret ballot of grid A: the proposer, two principals, a neighbour who holds proxies, and the grid's staff. */
async function setting(opensAt = T0) {
  const w = await ballotWorld(db);
  const principal = await makePerson(db, w.place, "resident", { grid: "A" });
  const principal2 = await makePerson(db, w.place, "resident", { grid: "A" });
  const holder = await makePerson(db, w.place, "resident", { grid: "A" });
  const closesAt = new Date(opensAt.getTime() + CLOSES.getTime() - T0.getTime());
  const opened = await openBallot(await ctxAs(w.chief), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], electorateKind: "gridResidents", secret: true, closesAt }, opensAt);
  return { ...w, principal, principal2, holder, ballotId: opened.ballotId };
}

const voteOf = async (ballotId: number, electorKey: string) => await first(db.select().from(votes).where(and(eq(votes.ballotId, ballotId), eq(votes.electorKey, electorKey))));
const proxyCount = async () => (await first(db.select({ n: count() }).from(ballotProxies)))!.n;
const scanCount = () => (fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()).length : 0);

/** Whatever a view holds, as text: no choice word may be in it. */
function expectNoChoice(view: unknown, label: string) {
  const text = JSON.stringify(view);
  for (const word of ["agree", "disagree", "abstain"]) expect(text, `${label}: ${word}`).not.toContain(`"${word}"`);
}

const render = (person: { id: number }, id: number, now: Date) => renderPageAs(person, () => BallotPage({ params: Promise.resolve({ id: String(id) }) }), { now });

describe("a proxy never reveals or replaces a cast vote", () => {
  test("no proxy can be recorded for an elector who has voted, online, on paper or through an earlier proxy (409, nothing written)", async () => {
    const s = await setting();
    const online = `person:${s.principal.id}`;
    const paper = `person:${s.principal2.id}`;
    const viaProxy = `person:${s.proposer.id}`;
    await castVote(await ctxAs(s.principal), { ballotId: s.ballotId, choice: "disagree" }, at(HOUR));
    await enterPaperBallot(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: paper, choice: "disagree", witness: "监票人王某" }, at(HOUR));
    await recordProxy(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: viaProxy, proxyPersonId: s.holder.id }, png(), at(HOUR));
    await castVote(await ctxAs(s.holder), { ballotId: s.ballotId, electorKey: viaProxy, choice: "disagree" }, at(HOUR));

    const proxies = await proxyCount();
    const scans = scanCount();
    for (const electorKey of [online, paper]) {
      // Staff naming themselves, or a neighbour: refused either way.
      for (const proxyPersonId of [s.chief.id, s.holder.id]) {
        const e = await expectRefused(async () => recordProxy(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey, proxyPersonId }, png(), at(2 * HOUR)), 409, "proxyElectorVoted");
        expect(e.message).not.toContain("disagree");
      }
    }
    expect(await proxyCount()).toBe(proxies);
    expect(scanCount()).toBe(scans);
    expect(await voteOf(s.ballotId, online)).toMatchObject({ choice: "disagree", castBy: s.principal.id, viaProxyId: null });
  });

  test("the reproduction over /api/v1: recording the chief as proxy of a voter is refused; a proxy holder reads no choice back and replaces nothing", async () => {
    // The route handlers read the real clock: this ballot is open now.
    const s = await setting(new Date());
    const token = async (p: { id: number }) => (await issueApiToken(db, p.id)).token;
    const params = Promise.resolve({ id: String(s.ballotId) });
    const call = async (handler: (req: NextRequest, ctx: { params: typeof params }) => Promise<Response>, method: string, who: { id: number }, init: { body?: unknown; form?: FormData } = {}) =>
      handler(
        new NextRequest("http://localhost/api/v1/test", {
          method,
          headers: { "accept-language": "zh-CN", authorization: `Bearer ${await token(who)}`, ...(init.form ? {} : { "content-type": "application/json" }) },
          ...(init.form ? { body: init.form } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        }),
        { params },
      );
    const proxyForm = (electorKey: string, proxyPersonId: number) => {
      const form = new FormData();
      form.set("electorKey", electorKey);
      form.set("proxyPersonId", String(proxyPersonId));
      form.set("scan", png());
      return form;
    };

    expect((await call(votesRoute.POST, "POST", s.principal, { body: { choice: "disagree" } })).status).toBe(200);
    const refused = await call(proxiesRoute.POST, "POST", s.chief, { form: proxyForm(`person:${s.principal.id}`, s.chief.id) });
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain("已经投过票");
    expect(JSON.stringify(body)).not.toContain("disagree");
    // The chief's read of the ballot holds no choice, and his vote is refused: he is not in the electorate.
    const read = await call(ballotRoute.GET, "GET", s.chief);
    expect(read.status).toBe(200);
    expectNoChoice(await read.json(), "chief's read");
    expect((await call(votesRoute.POST, "POST", s.chief, { body: { electorKey: `person:${s.principal.id}`, choice: "agree" } })).status).toBe(403);
    expect(await voteOf(s.ballotId, `person:${s.principal.id}`)).toMatchObject({ choice: "disagree", castBy: s.principal.id });

    // A proxy recorded before the principal votes: the principal then votes themself. The holder —
    // a neighbour, or a staff member who holds a proxy — learns that a vote is in, never which, and cannot replace it.
    for (const holder of [s.holder, s.worker]) {
      const principal = holder === s.holder ? s.principal2 : s.proposer;
      const key = `person:${principal.id}`;
      expect((await call(proxiesRoute.POST, "POST", s.chief, { form: proxyForm(key, holder.id) })).status).toBe(201);
      expect((await call(votesRoute.POST, "POST", principal, { body: { choice: "disagree" } })).status).toBe(200);
      const view = (await (await call(ballotRoute.GET, "GET", holder)).json()) as { me: { electors: { electorKey: string; viaProxy: boolean; voted: boolean; mayVote: boolean; vote: unknown }[] } };
      expect(view.me.electors.find((e) => e.electorKey === key)).toMatchObject({ viaProxy: true, voted: true, mayVote: false, vote: null });
      expectNoChoice(view, `holder ${holder.id}`);
      const overwrite = await call(votesRoute.POST, "POST", holder, { body: { electorKey: key, choice: "agree" } });
      expect(overwrite.status).toBe(409);
      expectNoChoice(await overwrite.json(), `holder ${holder.id}'s refused vote`);
      expect(await voteOf(s.ballotId, key)).toMatchObject({ choice: "disagree", castBy: principal.id, viaProxyId: null });
    }
  });

  test("a holder may cast and change only their own vote for the principal; the principal may still vote in person, and then the holder is out", async () => {
    const s = await setting();
    const key = `person:${s.principal.id}`;
    const proxy = await recordProxy(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: key, proxyPersonId: s.holder.id }, png(), at(HOUR));
    const holderView = async () => (await getBallot(await ctxAs(s.holder), { ballotId: s.ballotId }, at(3 * HOUR))).me.electors.find((e) => e.electorKey === key)!;
    expect(await holderView()).toMatchObject({ viaProxy: true, voted: false, mayVote: true, vote: null });

    expect(await castVote(await ctxAs(s.holder), { ballotId: s.ballotId, electorKey: key, choice: "agree" }, at(HOUR))).toMatchObject({ changed: false, viaProxy: true });
    expect(await castVote(await ctxAs(s.holder), { ballotId: s.ballotId, electorKey: key, choice: "abstain" }, at(2 * HOUR))).toMatchObject({ changed: true });
    // Even their own vote for the principal is shown as "voted", not as a choice.
    expect(await holderView()).toMatchObject({ voted: true, mayVote: true, vote: null });
    expect(await voteOf(s.ballotId, key)).toMatchObject({ choice: "abstain", castBy: s.holder.id, viaProxyId: proxy.proxyId });
    // The principal sees their own vote, whoever cast it.
    expect((await getBallot(await ctxAs(s.principal), { ballotId: s.ballotId }, at(2 * HOUR))).me.electors[0]).toMatchObject({ electorKey: key, viaProxy: false, vote: { choice: "abstain" } });

    // The principal votes in person: it stands, and the holder can no longer change it.
    await castVote(await ctxAs(s.principal), { ballotId: s.ballotId, choice: "disagree" }, at(3 * HOUR));
    expect(await holderView()).toMatchObject({ voted: true, mayVote: false, vote: null });
    await expectRefused(async () => castVote(await ctxAs(s.holder), { ballotId: s.ballotId, electorKey: key, choice: "agree" }, at(4 * HOUR)), 409, "votedByPrincipal");
    expect(await voteOf(s.ballotId, key)).toMatchObject({ choice: "disagree", castBy: s.principal.id, viaProxyId: null });
    expect((await myBallots(await ctxAs(s.holder), at(4 * HOUR))).ballots.find((b) => b.id === s.ballotId)!.electors.find((e) => e.electorKey === key)).toEqual({ electorKey: key, label: expect.any(String), viaProxy: true, voted: true });
  });

  test("a paper ballot entered for the principal after the proxy was recorded is not the holder's to replace", async () => {
    const s = await setting();
    const key = `person:${s.principal.id}`;
    await recordProxy(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: key, proxyPersonId: s.holder.id }, png(), at(HOUR));
    await enterPaperBallot(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: key, choice: "disagree", witness: "监票人王某" }, at(HOUR));
    await expectRefused(async () => castVote(await ctxAs(s.holder), { ballotId: s.ballotId, electorKey: key, choice: "agree" }, at(2 * HOUR)), 409, "votedByPrincipal");
    const view = await getBallot(await ctxAs(s.holder), { ballotId: s.ballotId }, at(2 * HOUR));
    expect(view.me.electors.find((e) => e.electorKey === key)).toMatchObject({ viaProxy: true, voted: true, mayVote: false, vote: null });
    expectNoChoice(view, "holder after paper");
  });

  test("the ballot page lists the people one may vote for with 已投票 / 未投票 only — for a neighbour and for staff who hold a proxy", async () => {
    const s = await setting();
    const voted = `person:${s.principal.id}`;
    const notYet = `person:${s.principal2.id}`;
    await recordProxy(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: voted, proxyPersonId: s.holder.id }, png(), at(HOUR));
    await recordProxy(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: notYet, proxyPersonId: s.holder.id }, png(), at(HOUR));
    await recordProxy(await ctxAs(s.chief), { ballotId: s.ballotId, electorKey: `person:${s.proposer.id}`, proxyPersonId: s.worker.id }, png(), at(HOUR));
    await castVote(await ctxAs(s.principal), { ballotId: s.ballotId, choice: "disagree" }, at(HOUR));
    await castVote(await ctxAs(s.proposer), { ballotId: s.ballotId, choice: "disagree" }, at(HOUR));

    const page = await render(s.holder, s.ballotId, at(2 * HOUR));
    expect(page).toContain("已投票");
    expect(page).toContain("未投票");
    expect(page).toContain("这一票已由委托人本人或他人投出，受托人不能再更改。");
    for (const word of ["您目前的选择", `checked=""`]) expect(page).not.toContain(word);
    const staffPage = await render(s.worker, s.ballotId, at(2 * HOUR));
    expect(staffPage).toContain("已投票");
    for (const word of ["您目前的选择", `checked=""`]) expect(staffPage).not.toContain(word);
    // The staff's own lists name who has a proxy and who voted, and no elector who voted can be given one.
    const staff = await getBallot(await ctxAs(s.worker), { ballotId: s.ballotId }, at(2 * HOUR));
    expectNoChoice(staff, "staff holding a proxy");
    expect(staffPage).not.toMatch(new RegExp(`id="proxy-elector"[^]*?<option value="${voted}"`));
  });
});
