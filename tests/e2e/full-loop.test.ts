import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { voteOutOnPaper } from "./ballot-helpers";
import { api, apiToken, baseURL, launchBrowser, newPhone, signIn } from "./browser";

/**
 * The whole loop in one run, switching accounts: propose → co-sign → admit → consult and meet →
 * plan → vote → resolution → tasks taken and completed → supervisor rates low → rectification →
 * rated again → closed. The early stages, each driven through the browser by topic-loop and
 * plan-vote-notice, go through the API here; dispatch, rating and closing go through the pages.
 * A screenshot of each stage is kept in test-results/full-loop/.
 */
const shots = path.resolve("test-results/full-loop");
let browser: Browser;
beforeAll(async () => {
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const tokens = new Map<string, string>();
const token = async (phone: string) => tokens.get(phone) ?? tokens.set(phone, await apiToken(phone)).get(phone)!;
const ok = async (p: Promise<{ status: number; json: Record<string, unknown> }>, status = 200) => {
  const res = await p;
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  return res.json;
};
async function as<T>(phone: string, stage: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newPhone(browser);
  try {
    await signIn(page, phone);
    page.on("dialog", (d) => void d.accept());
    try {
      const out = await fn(page);
      await page.screenshot({ path: path.join(shots, `${stage}.png`), fullPage: true });
      return out;
    } catch (e) {
      await page.screenshot({ path: path.join(shots, `${stage}-failed.png`), fullPage: true });
      throw e;
    }
  } finally {
    await context.close();
  }
}

const CHIEF = "13800000001";
const FIRM = "13800000003";
const SUPERVISOR = "13800000005";
const PROPOSER = "13800000140";

describe("the whole loop, from proposal to closed after a rectification round", () => {
  let topicId = 0;
  let topicPath = "";

  test("propose, co-sign, admit, consult and meet, plan, vote: a resolution", async () => {
    const items = (await api("/api/v1/places/catalog")).json.items as { id: number; name: string }[];
    const item = items.find((i) => i.name === "楼道与公共区域卫生")!;
    topicId = ((await ok(api("/api/v1/topics", { method: "POST", token: await token(PROPOSER), body: { gridId: 1, agendaItemId: item.id, title: "5号楼楼道堆物清理", description: doc("5号楼楼道里堆满了旧家具和纸箱，既脏乱又堵塞消防通道。") } }), 201)) as { topicId: number }).topicId;
    topicPath = `/topics/${topicId}`;
    for (const p of ["13800000141", "13800000142", "13800000143", "13800000144"]) await ok(api(`${"/api/v1/topics/" + topicId}/cosign`, { method: "POST", token: await token(p) }));
    const chief = await token(CHIEF);
    await ok(api(`/api/v1/topics/${topicId}/admit`, { method: "POST", token: chief, body: { level: "grid" } }));
    const firmId = ((await api("/api/v1/me", { token: await token(FIRM) })).json.roles as { organisationId: number | null }[]).find((r) => r.organisationId)!.organisationId!;
    await ok(api(`/api/v1/topics/${topicId}/opinions`, { method: "POST", token: await token(FIRM), body: { stance: "suggestion", body: "物业可以组织一次集中清理，请居民先认领自家物品。", officialOrganisationId: firmId } }), 201);
    const meeting = (await ok(
      api("/api/v1/meetings", { method: "POST", token: chief, body: { gridId: 1, title: "楼道堆物议事会", startsAt: new Date(Date.now() - 600_000).toISOString(), place: "红心议事厅", topicIds: [topicId], roleGroups: ["owners"] } }),
      201,
    )) as { meetingId: number };
    await ok(api(`/api/v1/meetings/${meeting.meetingId}/minutes/publish`, { method: "POST", token: chief, body: { minutes: { agenda: [{ topicId, conclusion: "周六上午集中清理，物业提供清运车辆。" }] } } }));
    await ok(api(`/api/v1/topics/${topicId}/start-drafting`, { method: "POST", token: chief }));
    const plan = (await ok(api(`/api/v1/topics/${topicId}/plans`, { method: "POST", token: await token(FIRM), body: { title: "5号楼楼道集中清理方案", body: doc("本周六上午集中清理，物业派清运车，居民提前认领物品。"), budget: "800", budgetSource: "propertyFirm" } }), 201)) as { planId: number };
    const ballot = (await ok(
      api(`/api/v1/topics/${topicId}/ballots`, { method: "POST", token: chief, body: { kind: "single", planIds: [plan.planId], electorateKind: "gridResidents", closesAt: new Date(Date.now() + 3600_000).toISOString() } }),
      201,
    )) as { ballotId: number };
    for (let n = 141; n <= 160; n++) await ok(api(`/api/v1/ballots/${ballot.ballotId}/votes`, { method: "POST", token: await token(`13800000${n}`), body: { choice: "agree" } }));
    // The announced period is kept: closing now needs every elector's ballot (the rest on paper).
    await voteOutOnPaper(ballot.ballotId, chief, "agree");
    const closed = await ok(api(`/api/v1/ballots/${ballot.ballotId}/close`, { method: "POST", token: chief }));
    expect(JSON.stringify(closed)).toContain("resolved");
    await as(PROPOSER, "01-resolved", async (page) => {
      await page.goto(topicPath);
      await expect.poll(() => page.getByText("已决议").first().isVisible()).toBe(true);
    });
  });

  test("dispatch: the chief starts the work and sends a task to the property firm, which takes it and reports it done", async () => {
    await as(CHIEF, "02-dispatched", async (page) => {
      await page.goto(topicPath);
      await page.getByRole("button", { name: "开始办理" }).click();
      await expect.poll(() => page.getByText("办理中").first().isVisible()).toBe(true);
      await page.locator("summary", { hasText: "派发任务" }).click();
      await expect.poll(() => page.getByTestId("create-task").isVisible()).toBe(true);
      const form = page.getByTestId("create-task");
      await form.getByLabel("任务名称").fill("清理5号楼楼道堆物");
      await form.getByLabel("承办方").selectOption({ label: "安居物业服务有限公司" });
      await form.getByLabel("完成期限").fill(new Date(Date.now() + 8 * 3600_000 + 7 * 86_400_000).toISOString().slice(0, 10));
      await form.getByRole("button", { name: "派发" }).click();
      await expect.poll(() => page.getByText("清理5号楼楼道堆物").first().isVisible()).toBe(true);
    });
    const tasks = (await api(`/api/v1/topics/${topicId}/tasks`, { token: await token(CHIEF) })).json;
    const taskId = (JSON.stringify(tasks).match(/"id":(\d+)[^}]*"title":"清理5号楼楼道堆物"/) ?? JSON.stringify(tasks).match(/"title":"清理5号楼楼道堆物"[^}]*"id":(\d+)/))![1];

    // Someone who is not the assignee cannot report progress, and nothing is written.
    const stranger = await api(`/api/v1/tasks/${taskId}/progress`, { method: "POST", token: await token("13800000150"), body: { body: "我来报个进度", percent: 50 } });
    expect(stranger.status).toBe(403);

    await as(FIRM, "03-completed", async (page) => {
      await page.goto(`/tasks/${taskId}`);
      await page.getByRole("button", { name: "接单" }).click();
      await expect.poll(() => page.getByTestId("progress-form").isVisible()).toBe(true);
      const form = page.getByTestId("progress-form");
      await form.getByLabel("进展说明").fill("楼道堆物已全部清运，共清出旧家具12件、纸箱30余个。");
      await form.getByLabel("完成百分比").fill("100");
      await form.getByLabel(/任务已完成/).check();
      await form.getByRole("button", { name: "提交" }).click();
      await expect.poll(() => page.getByText("已完成").first().isVisible()).toBe(true);
    });
    const topic = (await api(`/api/v1/topics/${topicId}`, { token: await token(CHIEF) })).json as { topic: { state: string } };
    expect(topic.topic.state).toBe("underReview");
  });

  test("the supervisor rates low, residents answer, the chief concludes: rectification; refusals write nothing", async () => {
    const chief = await token(CHIEF);
    const supervisorId = ((await api("/api/v1/me", { token: await token(SUPERVISOR) })).json as { id: number }).id;
    await ok(api(`/api/v1/topics/${topicId}/supervisors`, { method: "POST", token: chief, body: { personIds: [supervisorId] } }));

    const scores = (n: number) => ({ process: n, timeliness: n, quality: n, transparency: n, satisfaction: n });
    const notSupervisor = await api(`/api/v1/topics/${topicId}/ratings`, { method: "POST", token: await token("13800000150"), body: { ...scores(5), comment: "我给五分" } });
    expect(notSupervisor.status).toBe(403);

    await as(SUPERVISOR, "04-rated-low", async (page) => {
      await page.goto(`/ratings/${topicId}`);
      for (const d of ["过程规范", "办理时效", "完成质量", "公开透明", "群众满意"]) await page.locator("fieldset", { hasText: d }).getByLabel("2", { exact: true }).check();
      await page.getByLabel("评价意见").fill("楼道清了，但拐角处还有杂物，消防栓前仍被自行车挡住。");
      await page.getByRole("button", { name: "提交评价" }).click();
      await expect.poll(() => page.locator("main").textContent()).toMatch(/评价已提交|您已评价本轮/);
    });
    const twice = await api(`/api/v1/topics/${topicId}/ratings`, { method: "POST", token: await token(SUPERVISOR), body: { ...scores(5), comment: "再评一次" } });
    expect(twice.status).toBe(409);

    for (const p of ["13800000141", "13800000142", "13800000143", "13800000144", "13800000145"]) await ok(api(`/api/v1/topics/${topicId}/satisfaction`, { method: "POST", token: await token(p), body: { answer: "basicallySatisfied" } }), 201);
    const otherGrid = await api(`/api/v1/topics/${topicId}/satisfaction`, { method: "POST", token: await token("13800000201"), body: { answer: "satisfied" } });
    expect(otherGrid.status).toBe(403);

    // The rule is not met: concluding does not close the topic, it sends it back for rectification.
    await as(CHIEF, "05-rectification", async (page) => {
      await page.goto(topicPath);
      await page.getByRole("button", { name: "按办结条件作出结论" }).click();
      await page.getByRole("button", { name: "确认结束评议" }).click();
      await expect.poll(() => page.getByText("整改中").first().isVisible()).toBe(true);
    });
    const after = (await api(`/api/v1/topics/${topicId}`, { token: chief })).json as { topic: { state: string } };
    expect(after.topic.state).toBe("rectifying");
  });

  test("rectified, rated again, closed: the closure is on the notice board", async () => {
    const chief = await token(CHIEF);
    const firmId = ((await api("/api/v1/me", { token: await token(FIRM) })).json.roles as { organisationId: number | null }[]).find((r) => r.organisationId)!.organisationId!;
    const dueOn = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const task = (await ok(api(`/api/v1/topics/${topicId}/tasks`, { method: "POST", token: chief, body: { title: "清理拐角杂物，挪开消防栓前的自行车", assignee: `organisation:${firmId}`, dueOn } }), 201)) as { taskId: number };
    await ok(api(`/api/v1/tasks/${task.taskId}/take`, { method: "POST", token: await token(FIRM) }));
    await ok(api(`/api/v1/tasks/${task.taskId}/progress`, { method: "POST", token: await token(FIRM), body: { body: "拐角杂物已清走，消防栓前划了禁停线。", percent: 100, completes: true } }), 201);

    await as(SUPERVISOR, "06-rated-again", async (page) => {
      await page.goto(`/ratings/${topicId}`);
      for (const d of ["过程规范", "办理时效", "完成质量", "公开透明", "群众满意"]) await page.locator("fieldset", { hasText: d }).getByLabel("5", { exact: true }).check();
      await page.getByLabel("评价意见").fill("整改到位，楼道通畅。");
      await page.getByRole("button", { name: "提交评价" }).click();
      await expect.poll(() => page.locator("main").textContent()).toMatch(/评价已提交|您已评价本轮/);
    });
    for (const p of ["13800000141", "13800000142", "13800000143", "13800000144", "13800000145"]) await ok(api(`/api/v1/topics/${topicId}/satisfaction`, { method: "POST", token: await token(p), body: { answer: "satisfied" } }), 201);

    await as(CHIEF, "07-closed", async (page) => {
      await page.goto(topicPath);
      await page.getByRole("button", { name: "按办结条件作出结论" }).click();
      await page.getByRole("button", { name: "确认结束评议" }).click();
      await expect.poll(() => page.getByText("已办结").first().isVisible()).toBe(true);
    });
    await as(PROPOSER, "08-notice", async (page) => {
      await page.goto("/notices");
      await expect.poll(() => page.getByText("《5号楼楼道堆物清理》办结公示").first().isVisible()).toBe(true);
    });
  });

  test("the whole record downloads as a PDF; staff export the grid's topics as CSV and XLSX, residents may not", async () => {
    const get = (p: string, phone: string) => token(phone).then((t) => fetch(`${baseURL()}${p}`, { headers: { authorization: `Bearer ${t}` } }));
    const pdf = await get(`/topics/${topicId}/record.pdf`, PROPOSER);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");

    const csv = await get("/api/v1/exports/topics.csv?gridId=1", CHIEF);
    expect(csv.status).toBe(200);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM that makes Excel read UTF-8
    expect(bytes.toString("utf8")).toContain("5号楼楼道堆物清理");
    const xlsx = await get("/api/v1/exports/ratings.xlsx?gridId=1", CHIEF);
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect((await get("/api/v1/exports/topics.csv?gridId=1", PROPOSER)).status).toBe(403);
  });
});
