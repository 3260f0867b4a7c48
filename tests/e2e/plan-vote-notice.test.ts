import { spawnSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { voteOutOnPaper } from "./ballot-helpers";
import { api, apiToken, launchBrowser, newPhone, signIn } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const tokens = new Map<string, string>();
const token = async (phone: string) => tokens.get(phone) ?? tokens.set(phone, await apiToken(phone)).get(phone)!;
async function as<T>(phone: string | null, fn: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newPhone(browser);
  try {
    if (phone) await signIn(page, phone);
    page.on("dialog", (d) => void d.accept());
    return await fn(page);
  } finally {
    await context.close();
  }
}
const owners = [
  "13800000101", // owns two flats of building 1: counted once, with both areas
  ...Array.from({ length: 7 }, (_, i) => `138000001${String(i + 2).padStart(2, "0")}`),
  ...Array.from({ length: 27 }, (_, i) => `13900001${String(i + 1).padStart(3, "0")}`),
];
const auditVerify = () =>
  spawnSync(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/audit-verify.ts"], {
    env: { ...process.env, GRIDCOUNCIL_DB: inject("dbFile") },
    encoding: "utf8",
  });

describe("plans, an owners' vote under the Civil Code, the resolution on the public notice board", () => {
  let topicId = 0;
  let planId = 0;
  let ballotId = 0;

  test("setup through the API: a maintenance-fund topic of building 1, admitted and in drafting", async () => {
    const items = (await api("/api/v1/places/catalog")).json.items as { id: number; name: string; defaultVoteRule: string }[];
    const item = items.find((i) => i.name === "筹集维修资金")!;
    expect(item.defaultVoteRule).toBe("ownersSupermajority");
    const buildings = (await api("/api/v1/places/grids/1/buildings")).json.buildings as { id: number; name: string }[];
    const b1 = buildings.find((b) => b.name === "1号楼")!;
    const proposed = await api("/api/v1/topics", {
      method: "POST",
      token: await token("13800000101"),
      body: { gridId: 1, agendaItemId: item.id, buildingId: b1.id, title: "1号楼屋面防水大修筹集维修资金", description: doc("1号楼顶层住户家里漏水多年，屋面防水层老化，需要整体翻修。") },
    });
    expect(proposed.status).toBe(201);
    topicId = (proposed.json as { topicId: number }).topicId;
    for (const p of ["13800000102", "13800000103", "13800000104", "13800000105"]) {
      expect((await api(`/api/v1/topics/${topicId}/cosign`, { method: "POST", token: await token(p) })).status).toBe(200);
    }
    const chief = await token("13800000001");
    expect((await api(`/api/v1/topics/${topicId}/admit`, { method: "POST", token: chief, body: { level: "grid" } })).status).toBe(200);
    expect((await api(`/api/v1/topics/${topicId}/start-drafting`, { method: "POST", token: chief })).status).toBe(200);
  });

  test("plan v1 → a resident comments → v2 → the diff between them is seen", async () => {
    const planPath = await as("13800000003", async (page) => {
      await page.goto(`/topics/${topicId}/plans/new`);
      await page.locator("#plan-title").fill("1号楼屋面防水翻修方案");
      await page.locator("#plan-body").click();
      await page.keyboard.type("铲除旧防水层，铺设两层SBS改性沥青防水卷材，工期20天。");
      await page.locator("#plan-budget").fill("86000");
      await page.locator("#plan-budget-source").selectOption("maintenanceFund");
      await page.locator("#plan-deadline").fill("2027-05-31");
      await page.getByRole("button", { name: "提交方案" }).click();
      await page.waitForURL(/\/plans\/\d+$/);
      return new URL(page.url()).pathname;
    });
    planId = Number(planPath.split("/").pop());

    await as("13800000102", async (page) => {
      await page.goto(planPath);
      await page.getByLabel("对第 1 版发表评论").fill("建议同时更换落水管，避免以后再漏。");
      await page.getByRole("button", { name: "发表评论" }).click();
      await expect.poll(() => page.getByText("建议同时更换落水管").first().isVisible()).toBe(true);
    });

    await as("13800000003", async (page) => {
      await page.goto(planPath);
      await page.getByRole("link", { name: "修改方案" }).first().click();
      await page.locator("#plan-body").click();
      await page.keyboard.press("End");
      await page.keyboard.type("同时更换全部落水管。");
      await page.locator("#plan-budget").fill("91500");
      await page.locator("#plan-note").fill("采纳居民意见，增加落水管更换");
      await page.getByRole("button", { name: "保存为新版本" }).click();
      await expect.poll(() => page.getByText("第 2 版").first().isVisible()).toBe(true);
    });

    await as("13800000102", async (page) => {
      await page.goto(`${planPath}/compare?from=1&to=2`);
      expect(await page.locator("ins").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("落水管")]));
      const fields = (await page.locator("main").textContent()) ?? "";
      expect(fields).toContain("86,000");
      expect(fields).toContain("91,500");
    });
  });

  test("owners of building 1 vote online and on paper under the major-matter rule; refusals write nothing", async () => {
    const chief = await token("13800000001");
    const closesAt = new Date(Date.now() + 2 * 3600_000).toISOString();
    const body = { kind: "single", planIds: [planId], electorateKind: "buildingOwners", closesAt };
    const b1 = ((await api("/api/v1/places/grids/1/buildings")).json.buildings as { id: number; name: string }[]).find((b) => b.name === "1号楼")!;
    const resident = await api(`/api/v1/topics/${topicId}/ballots`, { method: "POST", token: await token("13800000101"), body: { ...body, buildingId: b1.id } });
    expect(resident.status).toBe(403);
    expect(((await api(`/api/v1/topics/${topicId}/ballots`, { token: chief })).json as { ballots?: unknown[] }).ballots ?? []).toHaveLength(0);
    const opened = await api(`/api/v1/topics/${topicId}/ballots`, { method: "POST", token: chief, body: { ...body, buildingId: b1.id, rule: "ownersSupermajority" } });
    expect(opened.status).toBe(201);
    ballotId = (opened.json as { ballotId: number }).ballotId;

    // The owner of two flats votes on the ballot page.
    await as("13800000101", async (page) => {
      await page.goto(`/ballots/${ballotId}`);
      await page.getByRole("radio", { name: "同意" }).first().check();
      await page.getByRole("button", { name: "投票", exact: true }).click();
      await expect.poll(() => page.getByText(/已记录您的投票/).first().isVisible()).toBe(true);
    });
    // The other owners vote online; three disagree, one changes their mind.
    const online = owners.slice(1, 27);
    for (const [i, phone] of online.entries()) {
      const res = await api(`/api/v1/ballots/${ballotId}/votes`, { method: "POST", token: await token(phone), body: { choice: i >= 23 ? "disagree" : "agree" } });
      expect(res.status).toBe(200);
    }
    expect((await api(`/api/v1/ballots/${ballotId}/votes`, { method: "POST", token: await token(online[22]!), body: { choice: "disagree" } })).status).toBe(200);
    expect((await api(`/api/v1/ballots/${ballotId}/votes`, { method: "POST", token: await token(online[22]!), body: { choice: "agree" } })).status).toBe(200);

    // While open, staff see turnout but no choice.
    const open = await api(`/api/v1/ballots/${ballotId}`, { token: chief });
    expect(open.json.result).toBeNull();
    expect(JSON.stringify(open.json.staff)).not.toMatch(/agree|disagree|abstain/);
    expect((open.json.turnout as { votedCount: number }).votedCount).toBe(27);

    // Paper ballots, entered by staff with a witness: one on the page, one through the API.
    const electorOf = async (phone: string) => `owner:${((await api("/api/v1/me", { token: await token(phone) })).json as { id: number }).id}`;
    const paperOwner = owners[27]!;
    await as("13800000001", async (page) => {
      await page.goto(`/ballots/${ballotId}`);
      await page.locator("#paper-elector").selectOption(await electorOf(paperOwner));
      const form = page.locator("form").filter({ has: page.getByLabel("监票人") });
      await form.getByRole("radio", { name: "同意" }).check();
      await page.getByLabel("监票人").fill("陈志强");
      await page.getByRole("button", { name: "录入", exact: true }).click();
      await expect.poll(() => page.getByText("纸质票已录入").first().isVisible()).toBe(true);
    });
    expect((await api(`/api/v1/ballots/${ballotId}/paper`, { method: "POST", token: chief, body: { electorKey: await electorOf(owners[28]!), choice: "agree", witness: "陈志强" } })).status).toBe(201);

    // Refusals: a second (paper) ballot for an online voter; online after paper; outside the electorate.
    const twice = await api(`/api/v1/ballots/${ballotId}/paper`, { method: "POST", token: chief, body: { electorKey: await electorOf(owners[1]!), choice: "disagree", witness: "陈志强" } });
    expect(twice.status).toBe(409);
    expect((twice.json.error as { message: string }).message).toMatch(/已经/);
    expect((await api(`/api/v1/ballots/${ballotId}/votes`, { method: "POST", token: await token(paperOwner), body: { choice: "disagree" } })).status).toBe(409);
    const outsider = await api(`/api/v1/ballots/${ballotId}/votes`, { method: "POST", token: await token("13800000109"), body: { choice: "agree" } });
    expect(outsider.status).toBe(403);
    expect(((await api(`/api/v1/ballots/${ballotId}`, { token: chief })).json.turnout as { votedCount: number }).votedCount).toBe(29);
  });

  test("staff close the ballot: the result page shows every figure; voting after the close is refused", async () => {
    // 29 of 35 owners voted, 26 in favour: six against could still sink it (26/35 < 75%), so there is no close button yet.
    await as("13800000001", async (page) => {
      await page.goto(`/ballots/${ballotId}`);
      await expect.poll(() => page.getByText("现在不能提前结束").first().isVisible()).toBe(true);
      expect(await page.getByRole("button", { name: "结束表决并计票" }).count()).toBe(0);
    });
    // The last six owners hand in paper ballots in favour: everyone has voted.
    expect(await voteOutOnPaper(ballotId, await token("13800000001"), "agree")).toBe(6);
    await as("13800000001", async (page) => {
      await page.goto(`/ballots/${ballotId}`);
      await page.getByRole("button", { name: "结束表决并计票" }).click();
      // The confirm step says what happens before anything does.
      const dialog = page.getByRole("dialog", { name: "确认提前结束表决" });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      expect(await dialog.textContent()).toMatch(/表决将立即结束，早于公布的截止时间[\s\S]*依据：全部表决人已投票。[\s\S]*不能撤销/);
      await dialog.getByRole("button", { name: "确定结束并计票" }).click();
      await expect.poll(() => page.getByTestId("ballot-result").isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await page.getByTestId("ballot-result").textContent()).toContain("表决通过");
      const text = (await page.locator("main").textContent()) ?? "";
      expect(text).toMatch(/参与面积\s*\d+\.\d%\s*≥\s*66\.7%/);
      expect(text).toMatch(/参与人数\s*100\.0%\s*≥\s*66\.7%/);
      expect(text).toMatch(/同意人数\s*91\.4%\s*≥\s*75\.0%/);
      expect(text).toMatch(/提前结束（公布的截止时间为 .+），依据：全部表决人已投票/);
      expect(text).toMatch(/同意面积\s*\d+\.\d%\s*≥\s*75\.0%/);
    });
    const late = await api(`/api/v1/ballots/${ballotId}/votes`, { method: "POST", token: await token(owners[29]!), body: { choice: "agree" } });
    expect(late.status).toBe(409);
  });

  test("the resolution is on the public notice board, readable signed out and printable on A4 with a QR code", async () => {
    await as(null, async (page) => {
      await page.goto("/notices");
      await page.getByRole("link", { name: /1号楼屋面防水/ }).first().click();
      await page.waitForURL(/\/notices\/\d+/);
      const text = (await page.locator("main").textContent()) ?? "";
      expect(text).toMatch(/决〔\d{4}〕\d+号/);
      expect(text).toContain("91,500");
      await page.goto(`${new URL(page.url()).pathname}?print=1`);
      expect(await page.getByText("扫码查看决议全过程（无需登录）").isVisible()).toBe(true);
      expect(await page.locator("svg").count()).toBeGreaterThan(0);
      expect((await page.pdf({ format: "A4" })).byteLength).toBeGreaterThan(1000);
    });
  });

  test("npm run audit:verify passes, then names a ballot row edited directly in SQLite", () => {
    const ok = auditVerify();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("audit chain ok");

    const sqlite = new Database(inject("dbFile"));
    const row = sqlite.prepare("SELECT id FROM votes WHERE ballot_id = ? AND choice = 'agree' ORDER BY id LIMIT 1").get(ballotId) as { id: number };
    sqlite.prepare("UPDATE votes SET choice = 'disagree' WHERE id = ?").run(row.id);
    sqlite.close();

    const tampered = auditVerify();
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toContain(`votes #${row.id}`);

    // Put the row back: later files check the shared database's audit chain too.
    const restore = new Database(inject("dbFile"));
    restore.prepare("UPDATE votes SET choice = 'agree' WHERE id = ?").run(row.id);
    restore.close();
    expect(auditVerify().status).toBe(0);
  });
});
