import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { api, apiToken, baseURL, newPhone, signIn, useBrowser } from "./browser";

/**
 * The council day live, four browsers at once (issue 13): the room's projector (a PC that is not
 * signed in, opened with the display link staff make on the projector page), the chair on the
 * console, and two residents on their phones. Its own topic and meeting, so no other file's counts
 * move. Screenshots of the projector at 1920×1080, 1280×720 and 1024×768 go to
 * test-results/meeting-room/.
 */
const shots = path.resolve("test-results/meeting-room");
const browsing = useBrowser(shots);

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const tokens = new Map<string, string>();
const token = async (phone: string) => tokens.get(phone) ?? tokens.set(phone, await apiToken(phone)).get(phone)!;
const ok = async (p: Promise<{ status: number; json: Record<string, unknown> }>, status = 200) => {
  const res = await p;
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  return res.json;
};

const CHIEF = "13800000001";
const FIRM = "13800000003";
// Grid-1 owners no other e2e file signs in as.
const PROPOSER = "13800000131";
const COSIGNERS = ["13800000132", "13800000133", "13800000134", "13800000135"];
const RESIDENT_A = "13800000116";
const RESIDENT_B = "13800000117";
const TOPIC = "3号楼单元门禁损坏更换";
const PLAN = "3号楼门禁整体更换方案";
const CONCLUSION = "同意更换门禁，物业两周内完成安装并公示费用明细。";

const signedInPage = browsing.signedIn;

/** The projector's screenshots at the three sizes of a room's screens. */
async function shoot(projector: Page, stage: string) {
  for (const [w, h] of [
    [1920, 1080],
    [1280, 720],
    [1024, 768],
  ] as const) {
    await projector.setViewportSize({ width: w, height: h });
    await projector.waitForTimeout(150);
    await projector.screenshot({ path: path.join(shots, `${stage}-${w}x${h}.png`) });
  }
  await projector.setViewportSize({ width: 1920, height: 1080 });
}

describe("a council day in the room: projector, chair and two residents at once", () => {
  test("check-in, the floor, a live vote and its result reach every screen; the conclusion lands in the minutes draft", { timeout: 360_000 }, async () => {
    // ── Before the day, through the API: a topic in drafting with a plan, and the meeting.
    const chief = await token(CHIEF);
    const items = (await api("/api/v1/places/catalog")).json.items as { id: number; name: string }[];
    const topicId = ((await ok(api("/api/v1/topics", { method: "POST", token: await token(PROPOSER), body: { gridId: 1, agendaItemId: items[0]!.id, title: TOPIC, description: doc("3号楼两个单元的门禁坏了三个月，外来人员随意进出。") } }), 201)) as { topicId: number }).topicId;
    for (const p of COSIGNERS) await ok(api(`/api/v1/topics/${topicId}/cosign`, { method: "POST", token: await token(p) }));
    await ok(api(`/api/v1/topics/${topicId}/admit`, { method: "POST", token: chief, body: { level: "grid" } }));
    await ok(api(`/api/v1/topics/${topicId}/start-drafting`, { method: "POST", token: chief }));
    await ok(api(`/api/v1/topics/${topicId}/plans`, { method: "POST", token: await token(FIRM), body: { title: PLAN, body: doc("更换两个单元的门禁主机和读卡器，物业垫付后按户分摊。"), budget: "12000", budgetSource: "propertyFirm" } }), 201);
    const meetingId = ((await ok(
      api("/api/v1/meetings", { method: "POST", token: chief, body: { gridId: 1, title: "3号楼门禁议事会", startsAt: new Date(Date.now() - 600_000).toISOString(), place: "红心议事厅", topicIds: [topicId], roleGroups: ["owners"] } }),
      201,
    )) as { meetingId: number }).meetingId;
    await ok(api(`/api/v1/meetings/${meetingId}/check-in/open`, { method: "POST", token: chief, body: { validMinutes: 60 } }));

    // ── The chair, signed in, makes the room PC's link on the projector page.
    const chair = await signedInPage(CHIEF, { width: 1280, height: 900 });
    await chair.goto(`/meetings/${meetingId}/projector`);
    await chair.getByText("在会场电脑上打开").click();
    await chair.getByRole("button", { name: "生成投屏链接" }).click();
    const displayUrl = (await chair.getByTestId("room-pc-url").textContent())!.trim();
    expect(displayUrl).toMatch(new RegExp(`/meetings/${meetingId}/projector/enter\\?display=[\\w-]{20,}$`));
    await chair.screenshot({ path: path.join(shots, "0-staff-room-pc-link-1280x900.png") });

    // A wrong code shows nothing of the meeting (no title, no QR code).
    const { context: strangerCtx, page: stranger } = await newPhone(browsing.browser);
    browsing.keep(strangerCtx);
    await stranger.goto(`/meetings/${meetingId}/projector/enter?display=${"x".repeat(22)}`);
    await expect.poll(() => stranger.getByTestId("projector-refused").isVisible()).toBe(true);
    expect(new URL(stranger.url()).search).toBe("?refused=1");
    expect((await strangerCtx.cookies()).some((c) => c.name === "gc_display")).toBe(false);
    expect(await stranger.content()).not.toContain("3号楼门禁议事会");
    expect(await stranger.getByTestId("projector-qr").count()).toBe(0);

    // ── The projector: a fresh browser, not signed in, full HD.
    const projectorCtx = browsing.keep(await browsing.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "zh-CN" }));
    const projector = await projectorCtx.newPage();
    projector.setDefaultTimeout(20_000);
    await projector.goto(displayUrl);
    await expect.poll(() => projector.getByTestId("projector-title").textContent()).toBe("3号楼门禁议事会");
    // The code went into a cookie of this projector only; the address bar (and history) show the clean URL.
    const landed = new URL(projector.url());
    expect(landed.pathname + landed.search).toBe(`/meetings/${meetingId}/projector`);
    const displayCookie = (await projectorCtx.cookies()).find((c) => c.name === "gc_display")!;
    expect(displayCookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: `/meetings/${meetingId}/projector` });
    expect(await projector.evaluate(() => document.cookie)).not.toContain("gc_display");
    await expect.poll(() => projector.getByTestId("projector-connection").getAttribute("data-connected")).toBe("true");
    // Before the meeting starts: the check-in QR code and its link, nobody present yet.
    await expect.poll(() => projector.getByTestId("projector-qr").locator("svg").count()).toBe(1);
    const checkInUrl = (await projector.getByTestId("projector-checkin-url").textContent())!.trim();
    expect(checkInUrl).toContain(`/meetings/${meetingId}/check-in?code=`);
    expect(await projector.getByTestId("projector-present").textContent()).toBe("0");

    // ── Before the start, the chair agrees the quorum on the console (a phone): 2 must be present.
    await chair.setViewportSize({ width: 390, height: 844 });
    await chair.goto(`/meetings/${meetingId}/chair`);
    await chair.getByTestId("quorum-form").getByRole("spinbutton").fill("2");
    await chair.getByTestId("quorum-form").getByRole("button", { name: "设定" }).click();
    await expect.poll(() => chair.getByText("法定人数已设为 2 人").isVisible()).toBe(true);
    await expect.poll(() => chair.getByTestId("attendance").textContent()).toContain("到场 0 人 / 法定人数 2 人");
    expect(await chair.getByTestId("quorum-status").textContent()).toContain("未达法定人数，还差 2 人");
    await chair.screenshot({ path: path.join(shots, "1-chair-quorum-390.png"), fullPage: true });
    await chair.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => projector.getByTestId("projector-quorum").textContent()).toContain("未达法定人数 · 还差 2 人");
    expect(await projector.getByTestId("projector-quorum-needed").textContent()).toBe("法定人数 2 人");
    await shoot(projector, "1-check-in");

    // ── Two residents scan the code; each check-in appears on the projector.
    const residentA = await signedInPage(RESIDENT_A);
    const residentB = await signedInPage(RESIDENT_B);
    await residentA.goto(checkInUrl);
    await residentA.getByRole("button", { name: "确认签到" }).click();
    await expect.poll(() => residentA.getByText("签到成功").isVisible()).toBe(true);
    await expect.poll(() => projector.getByTestId("projector-present").textContent()).toBe("1");
    await residentB.goto(checkInUrl);
    await residentB.getByRole("button", { name: "确认签到" }).click();
    await expect.poll(() => residentB.getByText("签到成功").isVisible()).toBe(true);
    await expect.poll(() => projector.getByTestId("projector-present").textContent()).toBe("2");
    // Met: said in words on the wall, not only in green.
    await expect.poll(() => projector.getByTestId("projector-quorum").getAttribute("data-met")).toBe("true");
    expect(await projector.getByTestId("projector-quorum").textContent()).toContain("已达法定人数");
    await shoot(projector, "1b-quorum-met");
    for (const r of [residentA, residentB]) await r.goto(`/meetings/${meetingId}/live`);

    // ── The chair starts the meeting, which opens on its first topic: the projector shows it with plan and budget.
    await chair.goto(`/meetings/${meetingId}/chair`);
    expect(await chair.getByTestId("quorum-status").textContent()).toContain("已达法定人数");
    await chair.getByRole("button", { name: "开始会议" }).click();
    await expect.poll(() => chair.getByTestId("room-phase").textContent()).toContain("进行中");
    await expect.poll(() => projector.getByTestId("projector-topic").isVisible()).toBe(true);
    await expect.poll(() => projector.getByTestId("projector-topic").textContent()).toContain(TOPIC);
    expect(await projector.getByTestId("projector-topic").textContent()).toContain(PLAN);
    expect(await projector.getByTestId("projector-budget").textContent()).toContain("12,000");
    // Between topics only: the check-in code is gone from the wall once a topic is under way.
    expect(await projector.getByTestId("projector-qr").count()).toBe(0);

    // ── Resident A raises a hand; the chair grants the floor; the countdown runs on the projector and on A's phone.
    await residentA.getByRole("button", { name: "举手发言" }).click();
    await expect.poll(() => projector.getByTestId("projector-queue").textContent()).toMatch(/发言排队 · 1/);
    await chair.reload();
    await chair.getByRole("button", { name: "请发言" }).click();
    await expect.poll(() => projector.getByTestId("projector-speaker-name").isVisible()).toBe(true);
    const speakerName = (await projector.getByTestId("projector-speaker-name").textContent())!;
    expect(await chair.getByTestId("chair-speaking").textContent()).toContain(speakerName);
    await expect.poll(() => residentA.getByTestId("your-turn").isVisible()).toBe(true);
    const seconds = async () => Number(await projector.getByTestId("projector-countdown").getAttribute("data-seconds"));
    const first = await seconds();
    expect(first).toBeGreaterThan(150);
    expect(first).toBeLessThanOrEqual(180);
    const phoneFirst = (await residentA.getByTestId("countdown").textContent())!;
    await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(first);
    await expect.poll(async () => residentA.getByTestId("countdown").textContent(), { timeout: 5_000 }).not.toBe(phoneFirst);
    await shoot(projector, "2-speaker");
    await chair.getByRole("button", { name: "结束发言" }).click();
    await expect.poll(() => projector.getByTestId("projector-speaker-name").count()).toBe(0);

    // ── The conclusion, typed during the meeting.
    await chair.getByLabel("本议题结论").fill(CONCLUSION);
    await chair.getByRole("button", { name: "保存结论" }).click();
    await expect.poll(() => chair.getByText("结论已保存").isVisible()).toBe(true);

    // ── The chair opens a vote; the residents vote; the projector shows turnout and never a choice.
    await chair.reload();
    await chair.getByRole("button", { name: "发起表决" }).click();
    await expect.poll(() => projector.getByTestId("projector-vote").getAttribute("data-phase")).toBe("open");
    await expect.poll(() => projector.getByTestId("projector-voted").textContent()).toBe("0 / 2 人");
    for (const r of [residentA, residentB]) await r.reload();
    await residentA.getByTestId("live-vote").getByRole("button", { name: "同意" }).click();
    await expect.poll(() => projector.getByTestId("projector-voted").textContent()).toBe("1 / 2 人");
    const duringVote = (await projector.getByTestId("projector").textContent())!;
    expect(duringVote).not.toMatch(/同意|反对|弃权/);
    expect(await projector.getByTestId("projector-result").count()).toBe(0);
    await residentB.getByTestId("live-vote").getByRole("button", { name: "同意" }).click();
    await expect.poll(() => projector.getByTestId("projector-voted").textContent()).toBe("2 / 2 人");
    expect((await projector.getByTestId("projector").textContent())!).not.toMatch(/同意|反对|弃权/);
    await shoot(projector, "3-vote-open");

    // ── The chair closes: the projector shows the result with every figure of the rule.
    await chair.getByRole("button", { name: "结束表决" }).click();
    await expect.poll(() => projector.getByTestId("projector-result").isVisible()).toBe(true);
    expect(await projector.getByTestId("projector-result").getAttribute("data-outcome")).toBe("passed");
    expect(await projector.getByTestId("projector-figure").count()).toBeGreaterThan(0);
    // Each figure says in words that it holds (a bare "50.0% > 50.0%" on a failed vote reads as a false claim).
    for (const figure of await projector.getByTestId("projector-figure").all()) {
      expect(await figure.getAttribute("data-met")).toBe("true");
      expect(await figure.textContent()).toMatch(/^✓ 达到/);
    }
    await expect.poll(() => chair.getByTestId("chair-figure").count()).toBeGreaterThan(0);
    for (const figure of await chair.getByTestId("chair-figure").all()) expect(await figure.textContent()).toMatch(/✓ 达到$/);
    expect(await chair.getByTestId("chair-figure").count()).toBe(await projector.getByTestId("projector-figure").count());
    expect(await projector.getByTestId("projector-result").textContent()).toMatch(/同意\s*2/);
    await shoot(projector, "4-result");

    // The resolution is on the notice board, for anyone.
    const notices = await api("/api/v1/notices");
    expect(notices.status).toBe(200);
    expect(JSON.stringify(notices.json)).toContain(TOPIC);

    // ── The conclusion typed during the meeting is in the minutes draft.
    await chair.goto(`/meetings/${meetingId}`);
    await expect.poll(() => chair.locator(`#conclusion-${topicId}`).inputValue()).toBe(CONCLUSION);

    // ── Staff revoke the room PC's links: the display link then opens nothing.
    await chair.goto(`/meetings/${meetingId}/projector`);
    await chair.getByText("在会场电脑上打开").click();
    await chair.getByRole("button", { name: "作废全部投屏链接" }).click();
    await expect.poll(() => chair.getByText(/已作废 1 个投屏链接/).isVisible()).toBe(true);
    // The projector still open on the wall clears itself: nothing of the meeting, no QR code.
    await expect.poll(() => projector.getByTestId("projector-refused").isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await projector.getByTestId("projector").count()).toBe(0);
    const again = await fetch(`${baseURL()}${new URL(displayUrl).pathname}${new URL(displayUrl).search}`);
    const html = await again.text();
    expect(html).toContain("此投屏链接无效或已过期");
    expect(html).not.toContain("3号楼门禁议事会");
  });
});

/*
 * A server of this test's own (the shared build, its own demo database and port), so that killing
 * it leaves the other files' server alone; started as `npm start` starts it (tests/e2e/own-server.ts),
 * but kept on its database across the restart.
 */
const root = path.resolve(__dirname, "../..");
function ownServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-room-restart-"));
  const port = String(40_000 + Math.floor(Math.random() * 20_000));
  const url = `http://127.0.0.1:${port}`;
  const { GRIDCOUNCIL_SEED: _seed, GRIDCOUNCIL_MODE: _mode, ...inherited } = process.env;
  const env = { ...inherited, NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-test", GRIDCOUNCIL_DB: path.join(dir, "room.db"), PORT: port, GRIDCOUNCIL_PUBLIC_ORIGIN: url, NODE_ENV: "production" as const };
  const seed = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/setup-db.ts"], { cwd: root, env, encoding: "utf8" });
  if (seed.status !== 0) throw new Error(`setup-db failed: ${seed.stderr}`);
  let child: ChildProcess | null = null;
  const start = async () => {
    let out = "";
    child = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "-p", port], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const until = Date.now() + 90_000;
    while (!out.includes("ready on")) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
      if (Date.now() > until) throw new Error(`server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const kill = () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  };
  return { url, start, kill, remove: () => (kill(), fs.rmSync(dir, { recursive: true, force: true })) };
}

async function ownApi(base: string, p: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${base}${p}`, {
    method: init.method ?? "GET",
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  expect(res.ok, `${p}: ${res.status} ${JSON.stringify(json)}`).toBe(true);
  return json;
}

describe("the server is killed mid-meeting and started again", () => {
  test("the projector reconnects by itself and shows the same state: topic, speaker, attendance, version", { timeout: 300_000 }, async () => {
    const server = ownServer();
    try {
      await server.start();
      const chiefToken = ((await ownApi(server.url, "/api/v1/auth/token", { method: "POST", body: { phone: CHIEF, password: "demo1234" } })) as { token: string }).token;
      const options = (await ownApi(server.url, "/api/v1/meetings/options", { token: chiefToken })) as { places: { gridId: number | null; topics: { id: number; title: string }[] }[] };
      const place = options.places.find((p) => p.gridId === 1 && p.topics.length > 0)!;
      const topic = place.topics[0]!;
      const meetingId = ((await ownApi(server.url, "/api/v1/meetings", {
        method: "POST",
        token: chiefToken,
        body: { gridId: 1, title: "断电重启演练议事会", startsAt: new Date(Date.now() - 600_000).toISOString(), place: "红心议事厅", topicIds: [topic.id], roleGroups: ["owners"] },
      })) as { meetingId: number }).meetingId;
      await ownApi(server.url, `/api/v1/meetings/${meetingId}/check-in/open`, { method: "POST", token: chiefToken, body: { validMinutes: 60 } });

      const ctx = async (viewport = { width: 1280, height: 900 }) => {
        const c = browsing.keep(await browsing.browser.newContext({ viewport, locale: "zh-CN", baseURL: server.url }));
        const page = await c.newPage();
        page.setDefaultTimeout(20_000);
        return page;
      };
      const chair = await ctx();
      await signIn(chair, CHIEF);
      const resident = await ctx({ width: 390, height: 844 });
      await signIn(resident, RESIDENT_A);

      // The chair makes the room PC's link; the projector opens it.
      await chair.goto(`/meetings/${meetingId}/projector`);
      await chair.getByText("在会场电脑上打开").click();
      await chair.getByRole("button", { name: "生成投屏链接" }).click();
      const displayUrl = (await chair.getByTestId("room-pc-url").textContent())!.trim();
      const projector = await ctx({ width: 1920, height: 1080 });
      await projector.goto(displayUrl);
      const checkInUrl = (await projector.getByTestId("projector-checkin-url").textContent())!.trim();

      // Mid-meeting: one present, the topic under way, a speaker on the floor.
      await resident.goto(checkInUrl);
      // The check-in link's page only reads; checking in is its one button (an explicit POST).
      await resident.getByRole("button", { name: "确认签到" }).click();
      await expect.poll(() => resident.getByText("签到成功").isVisible()).toBe(true);
      await chair.goto(`/meetings/${meetingId}/chair`);
      await chair.getByRole("button", { name: "开始会议" }).click();
      await expect.poll(() => chair.getByTestId("room-phase").textContent()).toContain("进行中");
      await resident.goto(`/meetings/${meetingId}/live`);
      await resident.getByRole("button", { name: "举手发言" }).click();
      await chair.reload();
      await chair.getByRole("button", { name: "请发言" }).click();
      await expect.poll(() => projector.getByTestId("projector-speaker-name").isVisible()).toBe(true);
      const before = {
        version: await projector.getByTestId("projector").getAttribute("data-version"),
        topic: await projector.getByTestId("projector-topic").textContent(),
        speaker: await projector.getByTestId("projector-speaker-name").textContent(),
        present: await projector.getByTestId("projector-present").textContent(),
      };
      expect(before.topic).toContain(topic.title);
      expect(before.present).toBe("1");

      // Killed: the projector says it is reconnecting and keeps the last state on the wall.
      server.kill();
      await expect.poll(() => projector.getByTestId("projector-connection").getAttribute("data-connected"), { timeout: 20_000 }).toBe("false");
      expect(await projector.getByTestId("projector-speaker-name").textContent()).toBe(before.speaker);

      // Meanwhile the resident is signed out on that phone (the session cookie gone).
      await resident.context().clearCookies();

      // Started again on the same database: the projector reconnects by itself and shows the same state.
      await server.start();
      await expect.poll(() => projector.getByTestId("projector-connection").getAttribute("data-connected"), { timeout: 30_000 }).toBe("true");
      await projector.waitForTimeout(1000);
      expect({
        version: await projector.getByTestId("projector").getAttribute("data-version"),
        topic: await projector.getByTestId("projector-topic").textContent(),
        speaker: await projector.getByTestId("projector-speaker-name").textContent(),
        present: await projector.getByTestId("projector-present").textContent(),
      }).toEqual(before);
      // The signed-out phone is refused on reconnecting: it says so and shows nothing of the meeting any more.
      await expect.poll(() => resident.getByTestId("live-denied").getAttribute("data-status"), { timeout: 30_000 }).toBe("401");
      expect(await resident.getByTestId("live-denied").textContent()).toContain("您已退出登录");
      expect(await resident.getByRole("button", { name: /举手发言|撤回/ }).count()).toBe(0);
      expect(await resident.locator("main").textContent()).not.toContain(topic.title);
      await resident.screenshot({ path: path.join(shots, "6-phone-denied-390.png"), fullPage: true });

      // And it is live again: a change made now reaches it.
      await chair.goto(`/meetings/${meetingId}/chair`);
      await chair.getByRole("button", { name: "结束发言" }).click();
      await expect.poll(() => projector.getByTestId("projector-speaker-name").count()).toBe(0);
    } finally {
      server.remove();
    }
  });
});
