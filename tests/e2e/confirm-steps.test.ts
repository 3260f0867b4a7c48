import path from "node:path";
import fs from "node:fs";
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { api, apiToken, launchBrowser, newPhone, signIn } from "./browser";

/**
 * Irreversible steps ask first, in the browser: merge (no target chosen for the staff member),
 * reject and conclude review each show what will happen — from the server — and only the
 * "确认…" button does it; "返回修改" goes back with the entries kept. Concluding is not offered
 * while a supervisor has not rated, until staff record why one cannot.
 */

let browser: Browser;
const shots = path.resolve(__dirname, "../../test-results/confirm-steps");
beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const CHIEF = "13800000001";
const ADMIN = "13800000000";
const tokens = new Map<string, string>();
const token = async (phone: string, password?: string) => tokens.get(phone) ?? tokens.set(phone, await apiToken(phone, password)).get(phone)!;
const ok = async (p: Promise<{ status: number; json: unknown }>, status = 200) => {
  const res = await p;
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  return res.json as Record<string, unknown>;
};
const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const db = () => new Database(inject("dbFile"), { readonly: true, fileMustExist: true });
const one = <T>(sql: string, ...args: unknown[]): T => {
  const d = db();
  try {
    return d.prepare(sql).get(...args) as T;
  } finally {
    d.close();
  }
};
const stateOf = async (topicId: number) => ((await api(`/api/v1/topics/${topicId}`, { token: await token(CHIEF) })).json as { topic: { state: string } }).topic.state;

async function asChief<T>(stage: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await newPhone(browser);
  try {
    await signIn(page, CHIEF);
    // No window.confirm is left on these steps: any native dialog fails the test.
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const out = await fn(page);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: path.join(shots, `${stage}.png`), fullPage: true });
    return out;
  } catch (e) {
    await page.screenshot({ path: path.join(shots, `${stage}-failed.png`), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

let gridId = 0;
let itemId = 0;
async function propose(title: string, by = CHIEF): Promise<number> {
  const res = await ok(api("/api/v1/topics", { method: "POST", token: await token(by), body: { gridId, agendaItemId: itemId, title, description: doc(`${title}：情况说明，请网格处理。`) } }), 201);
  return res.topicId as number;
}

beforeAll(() => {
  gridId = one<{ id: number }>("select id from grids order by id").id;
  itemId = one<{ id: number }>("select i.id from agenda_items i join agenda_categories c on c.id = i.category_id join grids g on g.community_id = c.community_id where g.id = ? order by i.id", gridId).id;
});

describe("merge asks first, with no target chosen for the staff member", () => {
  test("pick a target, see both topics and what moves over, go back, confirm: merged", async () => {
    const target = await propose("东区快递柜旁照明不足");
    const dup = await propose("快递柜那边晚上太黑");
    // A merge without a target is refused by the server too (not only by the form).
    const noTarget = await api(`/api/v1/topics/${dup}/merge`, { method: "POST", token: await token(CHIEF), body: {} });
    expect(noTarget.status).toBe(422);

    await asChief("merge", async (page) => {
      await page.goto(`/topics/${dup}`);
      const select = page.getByLabel("合并到");
      await expect.poll(() => select.inputValue()).toBe(""); // nothing preselected
      // Submitting without a choice goes nowhere: the browser asks for one, no confirmation appears.
      await page.getByRole("button", { name: "合并", exact: true }).click();
      await expect.poll(() => page.getByTestId("confirm-step").count()).toBe(0);

      await select.selectOption(String(target));
      await page.getByRole("button", { name: "合并", exact: true }).click();
      const confirm = page.getByTestId("confirm-step");
      await expect.poll(() => confirm.isVisible()).toBe(true);
      const text = (await confirm.textContent()) ?? "";
      expect(text).toContain("快递柜那边晚上太黑");
      expect(text).toContain("东区快递柜旁照明不足");
      expect(text).toMatch(/附议人：本议题的发起人和附议人共 1 人，其中 0 人成为目标议题的附议人/); // the chief proposed both
      expect(text).toContain("0 条公开意见");
      await confirm.screenshot({ path: path.join(shots, "merge-confirm.png") });
      // Focus is on the confirmation's heading, so a screen reader announces it.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("确认合并");
      expect(await stateOf(dup)).toBe("awaitingAdmission"); // nothing happened yet

      await page.getByRole("button", { name: "返回修改" }).click();
      await expect.poll(() => confirm.count()).toBe(0);
      expect(await select.inputValue()).toBe(String(target)); // the choice is kept

      await page.getByRole("button", { name: "合并", exact: true }).click();
      await page.getByRole("button", { name: "确认合并" }).click();
      await expect.poll(() => stateOf(dup)).toBe("merged");
    });
  });
});

describe("reject asks first, showing the reason that will be published", () => {
  test("the confirmation quotes the public reason; only 确认驳回 rejects", async () => {
    const topicId = await propose("希望小区统一更换防盗门");
    const reason = "属于业主个人家庭事务，不在网格议事清单范围内。";
    await asChief("reject", async (page) => {
      await page.goto(`/topics/${topicId}`);
      await page.getByLabel("理由（将公开显示）").fill(`  ${reason}  `);
      await page.getByRole("button", { name: "不予准入", exact: true }).click();
      await expect.poll(() => page.getByTestId("reject-reason-preview").textContent()).toBe(reason);
      const text = (await page.getByTestId("confirm-step").textContent()) ?? "";
      expect(text).toContain("以下理由将公开显示");
      expect(text).toContain("希望小区统一更换防盗门");
      expect(await stateOf(topicId)).toBe("awaitingAdmission");
      await page.getByTestId("confirm-step").screenshot({ path: path.join(shots, "reject-confirm.png") });
      await page.getByRole("button", { name: "确认驳回" }).click();
      await expect.poll(() => stateOf(topicId)).toBe("rejected");
      // Shown at the top of the topic (the folded timeline holds it too, out of sight until opened).
      await expect.poll(() => page.getByRole("status").filter({ hasText: reason }).first().isVisible()).toBe(true);
    });
  });
});

describe("conclude review waits for every supervisor, then asks first", () => {
  test("not offered (and 409) while a supervisor has not rated; staff record why one cannot; the confirmation shows the outcome and figures", async () => {
    const topicId = await propose("7号楼门口台阶破损");
    // Fixture shortcut: the loop up to review is covered by full-loop.test.ts; here the topic starts under review.
    const w = new Database(inject("dbFile"), { fileMustExist: true });
    w.pragma("busy_timeout = 5000");
    w.prepare("update topics set state = 'underReview' where id = ?").run(topicId);
    w.close();

    // A second supervisor, made by the admin.
    const communityId = one<{ community_id: number }>("select community_id from grids where id = ?", gridId).community_id;
    const phone2 = "13800000991";
    const password2 = "Gc-e2e#Sup2026";
    const made = await ok(api("/api/v1/people", { method: "POST", token: await token(ADMIN), body: { name: "韩督导", phone: phone2, password: password2, role: "supervisor", communityId } }), 201);
    const sup1 = ((await api("/api/v1/me", { token: await token("13800000005") })).json as { id: number }).id;
    const sup2 = made.personId as number;
    await ok(api(`/api/v1/topics/${topicId}/supervisors`, { method: "POST", token: await token(CHIEF), body: { personIds: [sup1, sup2] } }));
    const scores = { process: 5, timeliness: 5, quality: 4, transparency: 5, satisfaction: 4 };
    await ok(api(`/api/v1/topics/${topicId}/ratings`, { method: "POST", token: await token("13800000005"), body: { ...scores, comment: "台阶已修补，防滑条也装好了。" } }), 201);
    for (const p of ["13800000121", "13800000122", "13800000123", "13800000124", "13800000125"]) {
      await ok(api(`/api/v1/topics/${topicId}/satisfaction`, { method: "POST", token: await token(p), body: { answer: "satisfied" } }), 201);
    }

    // The server refuses while 韩督导 has neither rated nor been excused, naming them.
    const early = await api(`/api/v1/topics/${topicId}/review`, { method: "POST", token: await token(CHIEF), body: {} });
    expect(early.status).toBe(409);
    expect(JSON.stringify(early.json)).toContain("韩督导");

    await asChief("conclude", async (page) => {
      await page.setViewportSize({ width: 1280, height: 800 }); // desktop here; the other tests run at phone width
      await page.goto(`/topics/${topicId}`);
      const review = page.getByTestId("topic-review");
      await expect.poll(() => review.textContent()).toContain("还有督导员未评价：韩督导");
      await review.screenshot({ path: path.join(shots, "review-blocked-desktop.png") });
      expect(await page.getByRole("button", { name: "按办结条件作出结论" }).count()).toBe(0);

      // Record why 韩督导 cannot rate.
      await page.getByTestId(`supervisor-${sup2}`).getByText("登记无法评价").click();
      await page.getByTestId(`supervisor-${sup2}`).getByLabel("原因").fill("住院治疗，本轮无法到场");
      await page.getByTestId(`supervisor-${sup2}`).getByRole("button", { name: "登记", exact: true }).click();
      await expect.poll(() => page.getByTestId(`supervisor-${sup2}`).textContent()).toContain("无法评价：住院治疗，本轮无法到场");

      await page.getByRole("button", { name: "按办结条件作出结论" }).click();
      const preview = page.getByTestId("conclude-preview");
      await expect.poll(() => preview.getAttribute("data-outcome")).toBe("closed");
      const text = (await preview.textContent()) ?? "";
      expect(text).toContain("议题将办结");
      expect(text).toContain("100.0%");
      expect(await preview.locator('tr[data-check="allSupervisorsRated"] [data-value]').textContent()).toBe("1/1");
      expect(await stateOf(topicId)).toBe("underReview");
      await page.getByTestId("confirm-step").screenshot({ path: path.join(shots, "conclude-confirm-desktop.png") });
      await page.getByRole("button", { name: "确认结束评议" }).click();
      await expect.poll(() => stateOf(topicId)).toBe("closed");
    });
  });

  test("the close-rule table does not tick a share of no answers", async () => {
    const topicId = await propose("8号楼信报箱锈坏");
    const w = new Database(inject("dbFile"), { fileMustExist: true });
    w.pragma("busy_timeout = 5000");
    w.prepare("update topics set state = 'underReview' where id = ?").run(topicId);
    w.close();
    const sup1 = ((await api("/api/v1/me", { token: await token("13800000005") })).json as { id: number }).id;
    await ok(api(`/api/v1/topics/${topicId}/supervisors`, { method: "POST", token: await token(CHIEF), body: { personIds: [sup1] } }));
    await ok(api(`/api/v1/topics/${topicId}/ratings`, { method: "POST", token: await token("13800000005"), body: { process: 5, timeliness: 5, quality: 5, transparency: 5, satisfaction: 5, comment: "已更换新信报箱。" } }), 201);
    await asChief("share-of-none", async (page) => {
      await page.goto(`/topics/${topicId}`);
      const row = page.getByTestId("topic-review").locator('tr[data-check="satisfiedShare"]');
      await expect.poll(() => row.getAttribute("data-met")).toBe("false");
      expect(await row.textContent()).toContain("✗（无数据）");
      // Concluding now sends it back: the confirmation says so before anything happens.
      await page.getByRole("button", { name: "按办结条件作出结论" }).click();
      await expect.poll(() => page.getByTestId("conclude-preview").getAttribute("data-outcome")).toBe("rectifying");
      expect(await page.getByTestId("conclude-preview").textContent()).toContain("开始第 2 轮评价");
      await page.getByTestId("confirm-step").screenshot({ path: path.join(shots, "conclude-confirm-phone.png") });
      await page.getByRole("button", { name: "返回修改" }).click();
      expect(await stateOf(topicId)).toBe("underReview");
    });
  });
});
