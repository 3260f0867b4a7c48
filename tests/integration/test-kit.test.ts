import { asc, eq } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { ballots, events, topicEvents } from "@/db/schema";
import { AppError, forbidden } from "@/lib/errors";
import { admitTopic } from "@/lib/topics/admit";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { expectInvalid, expectRefused, invalidOn, refusal, thrown } from "../helpers/refusal";
import { first } from "@/db/query";

/*
 * The test kit itself (tests/helpers): what the suites lean on must do what it says — a topic made
 * by makeTopic has the timeline the use cases write, the refusal helpers fail a test that is not
 * refused, and the request scope answers pages and next/headers.
 */

const request = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
const { currentActor } = await import("@/lib/auth/session");
const { cookies, headers } = await import("next/headers");

let db: DB;
fileDb((d) => (db = d));

const timeline = async (topicId: number) => (await db.select({ kind: topicEvents.kind }).from(topicEvents).where(eq(topicEvents.topicId, topicId)).orderBy(asc(topicEvents.id))).map((e) => e.kind);

describe("makeTopic brings a topic to its stage through the use cases", () => {
  test("a resident's topic is proposed, co-signed up to the threshold, admitted and drafted: the timeline shows each step", async () => {
    const place = await makeCommunity(db);
    const topic = await makeTopic(db, place, { state: "drafting", plan: true });
    expect(topic.state).toBe("drafting");
    expect(await timeline(topic.id)).toEqual(["proposed", "cosigned", "reachThreshold", "admit", "startDrafting", "planDrafted"]);
    expect(topic.cosignCount).toBe(1);
    expect(topic.planId).toEqual(expect.any(Number));
    expect((await db.select({ kind: events.kind }).from(events).where(eq(events.subjectId, topic.id))).map((e) => e.kind)).toContain("topic.draftingStarted");
  });

  test("each stage up to the vote, in either grid and at either level; a staff proposer skips co-signing", async () => {
    const place = await makeCommunity(db);
    expect((await makeTopic(db, place, { state: "proposed" })).state).toBe("proposed");
    const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
    const waiting = await makeTopic(db, place, { state: "awaitingAdmission", grid: "B", proposer: chiefB });
    expect({ state: waiting.state, gridId: waiting.gridId, cosigns: waiting.cosignCount }).toEqual({ state: "awaitingAdmission", gridId: place.gridB.id, cosigns: 0 });
    const big = await makeTopic(db, place, { level: "community" });
    expect({ state: big.state, level: big.level }).toEqual({ state: "consulting", level: "community" });
    const voting = await makeTopic(db, place, { state: "voting" });
    expect(voting.state).toBe("voting");
    expect(await first(db.select({ status: ballots.status }).from(ballots).where(eq(ballots.id, voting.ballotId!)))).toEqual({ status: "open" });
  });

  test("the clock of every step is the one given", async () => {
    const at = new Date("2026-03-02T01:00:00Z");
    const topic = await makeTopic(db, await makeCommunity(db), { at });
    expect(topic.createdAt).toEqual(at);
    expect((await db.select({ at: topicEvents.at }).from(topicEvents).where(eq(topicEvents.topicId, topic.id))).every((e) => e.at.getTime() === at.getTime())).toBe(true);
  });
});

describe("the refusal helpers", () => {
  // Typed as a use case would be (a `never` return would pick the promise overloads).
  const refuse = (): number => {
    throw forbidden();
  };
  const refuseLater = async () => refuse();

  test("give back the refusal of a call or of its promise, checked by status or by code and key", async () => {
    expect(refusal(refuse)).toBeInstanceOf(AppError);
    expect(expectRefused(refuse, 403, "forbidden").code).toBe("forbidden");
    expect((await expectRefused(refuseLater, "forbidden")).status).toBe(403);
    expect(await thrown(refuseLater)).toBeInstanceOf(AppError);
  });

  test("fail the test when the call succeeds, is refused otherwise, or throws something else", async () => {
    expect(() => refusal(() => 1)).toThrow(/the call succeeded/);
    await expect(refusal(async () => 1)).rejects.toThrow(/the call succeeded/);
    expect(() => expectRefused(refuse, 404)).toThrow();
    expect(() => expectRefused(refuse, 403, "notVerified")).toThrow();
    expect(() => refusal(() => JSON.parse("{"))).toThrow(SyntaxError);
  });

  test("read the zod issue on a field", async () => {
    const place = await makeCommunity(db);
    const chief = await makePerson(db, place, "gridChief");
    const admit = async () => admitTopic(await ctxAs(chief), { topicId: 1, level: "province" });
    expect(await invalidOn(admit, "level")).toBe("topicLevelRequired");
    await expectInvalid(admit, "level", "topicLevelRequired");
    expect(await thrown(admit)).toBeInstanceOf(ZodError);
    await expect(expectInvalid(admit, "level", "titleTooShort")).rejects.toThrow();
  });
});

describe("the request scope", () => {
  test("the session, cookies and headers a page or action reads are the test's", async () => {
    const person = await makePerson(db, await makeCommunity(db), "resident");
    request.actor = (await ctxAs(person)).actor;
    expect((await currentActor())?.personId).toBe(person.id);
    request.cookies.set("locale", "en");
    request.headers.set("x-forwarded-for", "203.0.113.9");
    expect((await cookies()).get("locale")?.value).toBe("en");
    expect((await headers()).get("x-forwarded-for")).toBe("203.0.113.9");
    (await cookies()).set("theme", "dark");
    expect(request.setCookies).toEqual([{ name: "theme", value: "dark" }]);
  });
});
