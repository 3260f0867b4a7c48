import { beforeAll, describe, expect, test, vi } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { AppError, forbidden, invalid, notFound } from "@/lib/errors";
import { getTopic } from "@/lib/topics/get-topic";
import { fileDb } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic, type MadeTopic } from "../helpers/factory";
import { renderPageAs } from "../helpers/page-session";
import { thrown } from "../helpers/refusal";

const request = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
const { Refusal, publicPage, signedInPage } = await import("@/app/_lib/page");
const { default: ForbiddenPage } = await import("@/app/forbidden");
const { default: BallotsPage } = await import("@/app/ballots/page");
const { default: TaskPage } = await import("@/app/tasks/[id]/page");

/*
 * The page adapter (app/_lib/page.ts): every page builds its context and answers a refusal there.
 * Next's navigation helpers throw errors whose digest says where the request goes; these tests read
 * the digest, as Next's own renderer does.
 */

let db: DB;
fileDb((d) => (db = d));
let place: Awaited<ReturnType<typeof makeCommunity>>;
let resident: { id: number };
let pending: { id: number };
let topic: MadeTopic;

beforeAll(async () => {
  place = await makeCommunity(db);
  resident = await makePerson(db, place, "resident");
  pending = await makePerson(db, place, "resident", { status: "pending" });
  topic = await makeTopic(db, place, { state: "consulting" });
  // forbidden() refuses to run unless next.config.ts enables authInterrupts, which sets this for the server.
  vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
});

const digest = (e: unknown) => String((e as { digest?: string }).digest ?? e);
const to404 = "NEXT_HTTP_ERROR_FALLBACK;404";
const to403 = "NEXT_HTTP_ERROR_FALLBACK;403";
const toSignIn = (path: string) => new RegExp(`^NEXT_REDIRECT;replace;${escape(`/sign-in?callbackUrl=${encodeURIComponent(path)}`)};307;`);
function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The page as `who` would open it: signed in as them, or signed out. */
async function pageAs(who: { id: number } | null, path = "/somewhere?x=1") {
  let page: Awaited<ReturnType<typeof signedInPage>> | undefined;
  await renderPageAs(who, async () => {
    page = await signedInPage(path);
    return null;
  });
  return page!;
}

describe("signedInPage and publicPage: the page's context", () => {
  test("signed out: sign-in, coming back to the page with its query; or null for a page with its own signed-out view", async () => {
    request.actor = null;
    expect(digest(await thrown(() => signedInPage("/tasks/7?tab=a b")))).toMatch(toSignIn("/tasks/7?tab=a b"));
    expect(await signedInPage("/", { signedOut: "null" })).toBeNull();
    const pub = await publicPage("/notices");
    expect(pub.ctx.actor).toBeNull();
  });

  test("signed in: the context carries the person and the database", async () => {
    const page = await pageAs(resident);
    expect(page.ctx.actor.personId).toBe(resident.id);
    expect((await page.read((ctx) => getTopic(ctx, { topicId: topic.id }))).topic.title).toBe(topic.title);
  });
});

describe("read: one answer per refusal", () => {
  test("404, a malformed id (422) and bad input (ZodError) show the 404 page", async () => {
    const page = await pageAs(resident);
    expect(digest(thrown(() => page.read(() => { throw notFound("topicNotFound"); })))).toBe(to404);
    expect(digest(thrown(() => page.read(() => { throw invalid("invalidInput"); })))).toBe(to404);
    expect(digest(await thrown(() => page.read((ctx) => getTopic(ctx, { topicId: "abc" }))))).toBe(to404);
  });

  test("401 sends the reader to sign in and back to this page", async () => {
    const page = await pageAs(resident, "/meetings/3?print=minutes");
    expect(digest(thrown(() => page.read(() => { throw new AppError("unauthenticated", "signInRequired"); })))).toMatch(toSignIn("/meetings/3?print=minutes"));
  });

  test("403: the forbidden view by default; the 404 page or the page's own words when the page names it", async () => {
    const page = await pageAs(pending);
    // A real refusal: a person not yet verified reads a topic.
    expect(digest(await thrown(() => page.read((ctx) => getTopic(ctx, { topicId: topic.id }))))).toBe(to403);
    expect(digest(await thrown(() => page.read((ctx) => getTopic(ctx, { topicId: topic.id }), { forbidden: "notFound" })))).toBe(to404);
    const refusal = await page.read((ctx) => getTopic(ctx, { topicId: topic.id }), { forbidden: "inPage" });
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as InstanceType<typeof Refusal>).messageKey).toBe("notVerified");
    expect((refusal as InstanceType<typeof Refusal>).explain({ notVerified: "wait" })).toBe("wait");
    expect((refusal as InstanceType<typeof Refusal>).explain({ other: "x" })).toBeUndefined();
    // inPage hands back only a 403: a missing thing is still the 404 page.
    expect(digest(thrown(() => page.read(() => { throw notFound(); }, { forbidden: "inPage" })))).toBe(to404);
  });

  test("a fault that is not a refusal is not dressed up as one", async () => {
    const page = await pageAs(resident);
    const fault = new Error("disk I/O error");
    expect(await thrown(() => page.read(() => { throw fault; }))).toBe(fault);
    expect(await thrown(() => page.attempt(() => { throw fault; }))).toBe(fault);
  });
});

describe("attempt: a part of a page hands every refusal back", () => {
  test("403, 404 and bad input come back as a Refusal; 401 still signs in", async () => {
    const page = await pageAs(resident, "/topics/9");
    for (const e of [forbidden(), notFound(), invalid("invalidInput"), new ZodError([])]) expect(await page.attempt(() => { throw e; })).toEqual(new Refusal(e));
    expect(digest(thrown(() => page.attempt(() => { throw new AppError("unauthenticated", "signInRequired"); })))).toMatch(toSignIn("/topics/9"));
    expect(page.attempt(() => 42)).toBe(42);
  });

  test("a part says why in the reader's language: the refusal's own message", async () => {
    const page = await pageAs(pending);
    const refused = await page.attempt((ctx) => getTopic(ctx, { topicId: topic.id }));
    expect(refused).toBeInstanceOf(Refusal);
    expect(await (refused as InstanceType<typeof Refusal>).message()).toBe("您的账号还在等待网格员核实，核实后才能进行此操作");
  });
});

describe("the views behind the answers", () => {
  test("the forbidden view: Chinese, large type, and a way home", async () => {
    const html = await renderPageAs(resident, () => ForbiddenPage());
    expect(html).toContain("没有权限");
    expect(html).toContain("您没有查看这个页面的权限");
    expect(html).toMatch(/<a[^>]*(href="\/"[^>]*btn-lg|btn-lg[^>]*href="\/")[^>]*>‹ (<!-- -->)?返回首页<\/a>/);
    expect(html).toContain('class="text-lg"');
  });

  test("a page that explains a 403 in its own words: my ballots, to a person not yet verified", async () => {
    const html = await renderPageAs(pending, () => BallotsPage());
    expect(html).toContain('data-testid="forbidden"');
    expect(html).toContain("您的账号还在等待网格员核实，核实后才能查看和参与表决");
  });

  test("a page that hides what a reader may not see: a task id answers 404 whether it exists or not", async () => {
    expect(digest(await thrown(() => renderPageAs(pending, () => TaskPage({ params: Promise.resolve({ id: "999999" }) }))))).toBe(to404);
    expect(digest(await thrown(() => renderPageAs(resident, () => TaskPage({ params: Promise.resolve({ id: "nope" }) }))))).toBe(to404);
  });
});
