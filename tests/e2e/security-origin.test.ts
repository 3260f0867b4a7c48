import http from "node:http";
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { qrSvg } from "@/app/meetings/_lib/qr";
import { api, apiToken, baseURL, credentialsSignIn, launchBrowser, sessionCookie, signIn } from "./browser";
import { buildActions, callAction, form } from "./security-actions-helpers";

/**
 * Where a request comes from, as an outsider would probe it against the production server:
 *  - a page of another origin cannot ride the session cookie to write through /api/v1 (a no-cors
 *    POST of a blob casts no vote), while the same write with a bearer token works from anywhere;
 *  - server actions keep Next's own origin check, with the configured public origin allowed;
 *  - signing out ends the session on the server: a copied cookie is dead afterwards;
 *  - a password change ends every other session and API token of the person, and keeps the one
 *    making it;
 *  - a forged Host / X-Forwarded-Host never reaches a QR code, a printed link or next-auth.
 *
 * The server of the e2e suite runs with GRIDCOUNCIL_PUBLIC_ORIGIN set to the address the tests
 * reach it at (tests/e2e/global-setup.ts); a forged Host or X-Forwarded-Host names another.
 */

const phones = { admin: "13800000000", chief: "13800000001", owner: "13800000101" };
const suffix = String(Date.now()).slice(-5);
const publicOrigin = () => baseURL();
const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

let browser: Browser | null = null;
/** Chromium, started by the first test that needs a real browser. */
async function theBrowser(): Promise<Browser> {
  browser ??= await launchBrowser();
  return browser;
}
const tokens: Record<string, string> = {};
const F = { grid1: 0, item: 0, unit: 0, topic: 0, ballot: 0, meeting: 0, code: "", notice: 0, noticeTopic: 0, ownerId: 0 };

function readDb() {
  return new Database(inject("dbFile"), { readonly: true, fileMustExist: true });
}
function one<T>(sql: string, ...params: unknown[]): T {
  const db = readDb();
  try {
    const row = db.prepare(sql).get(...params) as T | undefined;
    if (row === undefined) throw new Error(`no row for ${sql}`);
    return row;
  } finally {
    db.close();
  }
}
const votesOf = (ballotId: number, personId: number) => one<{ n: number }>("select count(*) as n from votes where ballot_id = ? and elector_key = ?", ballotId, `person:${personId}`).n;

async function post(who: keyof typeof phones, path: string, body: unknown = {}) {
  const res = await api(path, { method: "POST", token: tokens[who], body });
  if (res.status >= 300) throw new Error(`setup ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** A GET with headers fetch() will not send as given (Host), straight over HTTP. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; location: string | undefined; body: string }> {
  const url = new URL(path, baseURL());
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function desktop(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await (await theBrowser()).newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", baseURL: baseURL() });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}
const sessionOf = async (context: BrowserContext) => {
  const c = (await context.cookies()).find((x) => /next-auth\.session-token$/.test(x.name));
  if (!c) throw new Error("no session cookie in the browser");
  return `${c.name}=${c.value}`;
};
const meWith = (cookie: string) => fetch(`${baseURL()}/api/v1/me`, { headers: { cookie } }).then((r) => r.status);

beforeAll(async () => {
  for (const [who, phone] of Object.entries(phones)) tokens[who] = await apiToken(phone);
  F.grid1 = one<{ id: number }>("select id from grids where code = '01'").id;
  F.item = one<{ id: number }>("select id from agenda_items where name = '公共设施维修'").id;
  F.unit = one<{ id: number }>("select u.id from units u join buildings b on b.id = u.building_id where b.grid_id = ? order by u.id desc", F.grid1).id;
  F.ownerId = one<{ id: number }>("select id from people where phone = ?", phones.owner).id;
  const notice = one<{ id: number; topicId: number }>("select id, topic_id as topicId from notices order by id");
  F.notice = notice.id;
  F.noticeTopic = notice.topicId;

  // A topic of grid 1 carried to an open residents' ballot, with a meeting whose check-in is open.
  F.topic = (await post("chief", "/api/v1/topics", { gridId: F.grid1, agendaItemId: F.item, title: `来源检查：路灯维修${suffix}`, description: doc("路灯坏了，晚上看不清路。") })).topicId as number;
  await post("chief", `/api/v1/topics/${F.topic}/admit`, { level: "grid" });
  await post("chief", `/api/v1/topics/${F.topic}/start-drafting`);
  F.meeting = (await post("chief", "/api/v1/meetings", { gridId: F.grid1, title: `来源检查议事会${suffix}`, startsAt: new Date(Date.now() + 86_400_000).toISOString(), place: "社区议事厅", topicIds: [F.topic] })).meetingId as number;
  F.code = (await post("chief", `/api/v1/meetings/${F.meeting}/check-in/open`, { validMinutes: 240 })).code as string;
  const plan = (await post("chief", `/api/v1/topics/${F.topic}/plans`, { title: "更换路灯", body: doc("物业一周内更换损坏的路灯。"), budget: "300", budgetSource: "propertyFirm" })).planId as number;
  F.ballot = (await post("chief", `/api/v1/topics/${F.topic}/ballots`, { kind: "single", planIds: [plan], electorateKind: "gridResidents", closesAt: new Date(Date.now() + 86_400_000).toISOString() })).ballotId as number;
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("another origin cannot ride the session cookie", () => {
  test("the request a browser sends for another origin's no-cors blob POST casts no vote (403); the same POST with a bearer token votes", async () => {
    const voter = one<{ id: number; phone: string }>(
      "select p.id, p.phone from people p join roles r on r.person_id = p.id where r.grid_id = ? and r.role = 'resident' and p.status = 'verified' and p.phone like '138000001%' and p.phone not in (?) order by p.id desc",
      F.grid1,
      phones.owner,
    );
    const cookie = await sessionCookie(voter.phone);
    const target = `${baseURL()}/api/v1/ballots/${F.ballot}/votes`;
    const foreign = `http://127.0.0.1:${Number(new URL(baseURL()).port) + 1}`;
    // What Chromium sends for fetch(target, { method: "POST", mode: "no-cors", credentials: "include",
    // body: new Blob([json]) }) on a page of another port of this host (same site, so the
    // SameSite=Lax cookie goes along): no content type, Origin and Sec-Fetch-* of the other page.
    const res = await fetch(target, {
      method: "POST",
      headers: { cookie, origin: foreign, referer: `${foreign}/prize`, "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "empty" },
      body: new Blob([JSON.stringify({ choice: "agree" })]),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    // A cross-site page, a sandboxed frame (Origin: null), another page of the same site: no better.
    for (const headers of <Record<string, string>[]>[{ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, { origin: "null" }, { origin: foreign, "sec-fetch-site": "same-site" }]) {
      expect((await fetch(target, { method: "POST", headers: { cookie, ...headers }, body: JSON.stringify({ choice: "agree" }) })).status).toBe(403);
    }
    expect(votesOf(F.ballot, voter.id)).toBe(0);

    const withToken = await fetch(target, {
      method: "POST",
      headers: { authorization: `Bearer ${await apiToken(voter.phone)}`, "content-type": "application/json", origin: "https://elsewhere.example" },
      body: JSON.stringify({ choice: "agree" }),
    });
    expect(withToken.status).toBeLessThan(300);
    expect(votesOf(F.ballot, voter.id)).toBe(1);
  });

  test("in Chromium: a no-cors blob POST from a page of another origin casts no vote (403); the same POST with a bearer token votes", async () => {
    const { context, page } = await desktop();
    let prizeServer: http.Server | null = null;
    try {
      await signIn(page, phones.owner);
      // Another origin of the same site (another port of this host, like a sibling app or
      // subdomain): the browser sends the SameSite=Lax cookie along with its POST.
      // A real server on another port: a page Playwright fulfils itself counts as a public
      // address, and Chromium would block its requests to loopback before they left the browser.
      const prize = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>奖品</title><p>恭喜中奖</p>"));
      prizeServer = prize;
      await new Promise<void>((resolve) => prize.listen(0, "127.0.0.1", resolve));
      const foreign = `http://127.0.0.1:${(prize.address() as { port: number }).port}`;
      await page.goto(`${foreign}/prize`);
      const target = `${baseURL()}/api/v1/ballots/${F.ballot}/votes`;
      const answered = page.waitForResponse((r) => r.url() === target);
      await page.evaluate(async (url) => {
        await fetch(url, { method: "POST", mode: "no-cors", credentials: "include", body: new Blob([JSON.stringify({ choice: "agree" })]) });
      }, target);
      const res = await answered;
      expect(res.status()).toBe(403);
      expect(votesOf(F.ballot, F.ownerId)).toBe(0);

      // A form posted from there fares no better.
      const formAnswer = page.waitForResponse((r) => r.url() === target);
      await page.evaluate((url) => {
        const f = document.createElement("form");
        f.method = "POST";
        f.action = url;
        f.enctype = "text/plain";
        const i = document.createElement("input");
        i.name = '{"choice":"agree","x":"';
        i.value = '"}';
        f.append(i);
        document.body.append(f);
        f.submit();
      }, target);
      expect((await formAnswer).status()).toBe(403);
      await page.waitForURL(target); // the form's navigation ends on the refusal
      expect(votesOf(F.ballot, F.ownerId)).toBe(0);

      // The app's own page, reached at an address other than the configured one (the browser
      // says same-origin), still writes with the cookie.
      await page.goto("/inbox");
      const own = await page.evaluate(async () => (await fetch("/api/v1/notifications/read", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status);
      expect(own).toBe(200);
    } finally {
      prizeServer?.close();
      await context.close();
    }

    // A bearer token is never attached by a browser on its own: a program may call from anywhere.
    const withToken = await fetch(`${baseURL()}/api/v1/ballots/${F.ballot}/votes`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.owner}`, "content-type": "application/json", origin: "https://elsewhere.example" },
      body: JSON.stringify({ choice: "agree" }),
    });
    expect(withToken.status).toBeLessThan(300);
    expect(votesOf(F.ballot, F.ownerId)).toBe(1);
  });

  test("a cookie write with neither Origin nor Sec-Fetch-Site is refused with a translated message; reads still work", async () => {
    const cookie = await sessionCookie(phones.owner);
    for (const [lang, text] of [["zh-CN", /^请求不是从本站页面发出的/], ["en", /^Refused: this request did not come from a page of this site/]] as const) {
      const res = await fetch(`${baseURL()}/api/v1/notifications/read`, { method: "POST", headers: { cookie, "accept-language": lang, "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("forbidden");
      expect(body.error.message).toMatch(text);
    }
    const configured = await fetch(`${baseURL()}/api/v1/notifications/read`, { method: "POST", headers: { cookie, origin: publicOrigin(), "content-type": "application/json" }, body: "{}" });
    expect(configured.status).toBe(200);
    expect(await meWith(cookie)).toBe(200);
  });

  test("server actions: Next refuses another origin, accepts the request's own host and the configured public origin", async () => {
    const actions = buildActions(process.env.NEXT_DIST_DIR ?? ".next-test");
    const find = (file: string, name: string) => actions.find((a) => a.file === file && a.name === name)!;
    const signOut = find("app/_components/sign-out-action.ts", "signOutAction");
    const locale = find("app/_components/locale-switch.tsx", "switchLocale");

    // Signing a resident out from another origin would be a nuisance: refused, the session lives.
    const cookie = await sessionCookie(phones.owner);
    const foreign = await callAction(baseURL(), signOut.id, [], cookie, signOut.page, { origin: "https://evil.example" });
    expect(foreign.setCookies.some((c) => /session-token=$/.test(c))).toBe(false);
    expect(await meWith(cookie)).toBe(200);

    for (const origin of [baseURL(), publicOrigin()]) {
      const res = await callAction(baseURL(), locale.id, [form({ to: "en" })], undefined, locale.page, { origin });
      expect(res.setCookies, origin).toContain("NEXT_LOCALE=en");
    }
    const refused = await callAction(baseURL(), locale.id, [form({ to: "en" })], undefined, locale.page, { origin: "https://evil.example" });
    expect(refused.setCookies.some((c) => c.startsWith("NEXT_LOCALE="))).toBe(false);
  });
});

describe("sessions end on the server", () => {
  const actionRef = (file: string, name: string) => buildActions(process.env.NEXT_DIST_DIR ?? ".next-test").find((a) => a.file === file && a.name === name)!;

  test("signing out (the header's button) ends the session: a copy of the cookie taken before is dead, other devices stay signed in", async () => {
    const signOut = actionRef("app/_components/sign-out-action.ts", "signOutAction");
    const cookie = await sessionCookie(phones.owner);
    const otherDevice = await sessionCookie(phones.owner);
    expect(await meWith(cookie)).toBe(200);
    const r = await callAction(baseURL(), signOut.id, [], cookie, signOut.page, { origin: baseURL() });
    expect(r.redirect).toBe("/");
    expect(r.setCookies.some((c) => /next-auth\.session-token=$/.test(c))).toBe(true);
    // The copy still holds an unexpired, correctly signed JWT; the server no longer honours it.
    expect(await meWith(cookie)).toBe(401);
    const inbox = await fetch(`${baseURL()}/inbox`, { headers: { cookie }, redirect: "manual" });
    expect(inbox.status).toBe(307);
    expect(inbox.headers.get("location")).toContain("/sign-in");
    expect(await meWith(otherDevice)).toBe(200);
  });

  test("next-auth's own sign-out endpoint ends the session on the server too", async () => {
    const cookie = await sessionCookie(phones.owner);
    const { csrfToken } = (await (await fetch(`${baseURL()}/api/auth/csrf`, { headers: { cookie } })).json()) as { csrfToken: string };
    const res = await fetch(`${baseURL()}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(res.status).toBeLessThan(400);
    expect(await meWith(cookie)).toBe(401);
  });

  test("changing the password ends the person's other sessions and every API token, and keeps the one making the change", async () => {
    const change = actionRef("app/account/actions.ts", "changePasswordAction");
    const phone = `13600${suffix}8`;
    await post("admin", "/api/v1/people", { name: `改密测试${suffix}`, phone, password: "demo1234", role: "resident", gridId: F.grid1, unitId: F.unit });
    const here = await sessionCookie(phone);
    const otherPhone = await sessionCookie(phone);
    const token = await apiToken(phone);
    const page = await fetch(`${baseURL()}/account`, { headers: { cookie: here } });
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain("再次输入新密码");
    // This person holds an API token, so the page says the change ends it too.
    expect(pageText).toContain("您的 API 令牌（供其他程序使用）也会同时失效。");

    // A wrong current password changes nothing.
    const wrong = await callAction(baseURL(), change.id, [null, form({ currentPassword: "not-demo-1234", newPassword: "Lotus-Pond-42" })], here, change.page, { origin: baseURL() });
    expect(wrong.result).toMatchObject({ ok: false, fields: { currentPassword: "当前密码不正确" } });
    expect(await meWith(otherPhone)).toBe(200);

    const r = await callAction(baseURL(), change.id, [null, form({ currentPassword: "demo1234", newPassword: "Lotus-Pond-42" })], here, change.page, { origin: baseURL() });
    expect(r.result).toEqual({ ok: true, data: { endedSessions: 1, revokedTokens: 1 } });
    expect(await meWith(otherPhone)).toBe(401);
    expect((await api("/api/v1/me", { token })).status).toBe(401);
    expect(await meWith(here)).toBe(200);
    expect((await credentialsSignIn(phone, "Lotus-Pond-42")).cookies.some((c) => /session-token=[^;]/.test(c))).toBe(true);
    expect((await credentialsSignIn(phone, "demo1234")).cookies.some((c) => /session-token=[^;]/.test(c))).toBe(false);

    // Through the API with a bearer token: that token stays, the web sessions end.
    const mine = await apiToken(phone, "Lotus-Pond-42");
    const res = await api("/api/v1/me/password", { method: "POST", token: mine, body: { currentPassword: "Lotus-Pond-42", newPassword: "Moon-Gate-77" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ endedSessions: 2, revokedTokens: 0 });
    expect((await api("/api/v1/me", { token: mine })).status).toBe(200);
    expect(await meWith(here)).toBe(401);
  });

  test("in Chromium: the header leads to the account page, whose form changes the password and keeps this browser signed in", async () => {
    const phone = `13600${suffix}7`;
    await post("admin", "/api/v1/people", { name: `改密页面${suffix}`, phone, password: "demo1234", role: "resident", gridId: F.grid1, unitId: F.unit });
    const otherPhone = await sessionCookie(phone);
    const { context, page } = await desktop();
    try {
      await signIn(page, phone);
      await page.getByRole("link", { name: `改密页面${suffix}` }).click();
      await page.waitForURL("**/account");
      // The identity number is labelled once, and a person without API tokens is not told about them.
      expect(await page.getByText("身份编号", { exact: true }).count()).toBe(1);
      expect(await page.getByText(/API/).count()).toBe(0);
      await page.getByLabel("当前密码").fill("demo1234");
      await page.getByLabel("新密码", { exact: true }).fill("Lotus-Pond-42");
      await page.getByLabel("再次输入新密码").fill("Lotus-Pond-43");
      await page.getByRole("button", { name: "修改密码" }).click();
      await expect.poll(() => page.getByText("两次输入的新密码不一致").count()).toBe(1);
      await page.getByLabel("再次输入新密码").fill("Lotus-Pond-42");
      // A wrong current password is said once, next to its field, not again in a banner.
      await page.getByLabel("当前密码").fill("not-demo-1234");
      await page.getByRole("button", { name: "修改密码" }).click();
      await expect.poll(() => page.getByText("当前密码不正确").count()).toBe(1);
      expect(await page.locator("#currentPassword-error").textContent()).toBe("当前密码不正确");
      await page.getByLabel("当前密码").fill("demo1234");
      await page.getByRole("button", { name: "修改密码" }).click();
      await expect.poll(() => page.getByRole("status").filter({ hasText: "密码已修改" }).count()).toBe(1);
      expect(await page.getByRole("status").filter({ hasText: "密码已修改" }).textContent()).toBe("密码已修改。其他设备上的 1 处登录已退出。");
      expect(await meWith(otherPhone)).toBe(401);
      expect(await meWith(await sessionOf(context))).toBe(200);
    } finally {
      await context.close();
    }
  });
});

describe("one public origin: a forged Host or X-Forwarded-Host reaches no link", () => {
  const forged = { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

  test("the printed notice's QR code points at the configured origin", async () => {
    const res = await rawGet(`/notices/${F.notice}?print=1`, { ...forged, "accept-language": "zh-CN" });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain("evil.example");
    expect(res.body).toContain(await qrSvg(`${publicOrigin()}/records/${F.noticeTopic}`));
  });

  test("the meeting's check-in link and the room's QR code point at the configured origin", async () => {
    const cookie = await sessionCookie(phones.chief);
    const url = `${publicOrigin()}/meetings/${F.meeting}/check-in?code=${encodeURIComponent(F.code)}`;
    const page = await rawGet(`/meetings/${F.meeting}`, { ...forged, cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain(url.replace(/&/g, "&amp;"));
    expect(page.body).not.toContain("evil.example");
    const room = await rawGet(`/meetings/${F.meeting}/room`, { ...forged, cookie });
    expect(room.body).toContain(await qrSvg(url));
    expect(room.body).not.toContain("evil.example");
  });

  test("next-auth's redirects and callback URLs use the configured origin", async () => {
    const signin = await rawGet("/api/auth/signin", forged);
    expect(signin.status).toBeGreaterThanOrEqual(300);
    // next-auth sends the browser to our sign-in page with a callbackUrl built from its origin.
    const location = decodeURIComponent(signin.location ?? "");
    expect(location).toContain(`/sign-in?callbackUrl=${publicOrigin()}`);
    expect(location).not.toContain("evil.example");
    const providers = await rawGet("/api/auth/providers", forged);
    expect(providers.body).toContain(`${publicOrigin()}/api/auth/callback/credentials`);
    expect(providers.body).not.toContain("evil.example");
  });
});
